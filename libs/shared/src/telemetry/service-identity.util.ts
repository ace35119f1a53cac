import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const APP_ENTRY = /[\\/]apps[\\/]([a-z0-9-]+)[\\/]src[\\/]main\.[jt]s$/;
const PROJECT_NAME = 'flowpilot';

/** `dist/apps/<app>/src/main.js` → `<app>`, so each app is named without extra settings. */
export function serviceNameFromEntry(entry: string | undefined): string | undefined {
  return entry ? APP_ENTRY.exec(entry)?.[1] : undefined;
}

/** The version in Flowpilot's root package.json, found by walking up from `start` (works from src and dist). */
export function projectVersion(
  start: string,
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, 'package.json'), read);
    if (manifest?.name === PROJECT_NAME && typeof manifest.version === 'string') return manifest.version;
    if (dirname(dir) === dir) return undefined;
  }
}

function readManifest(
  path: string,
  read: (path: string) => string,
): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(read(path)) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
