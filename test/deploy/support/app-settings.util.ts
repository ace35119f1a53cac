import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/**
 * Setting names the apps read: the keys of each app's zod schema
 * (apps/<app>/src/*.config.ts) and of the shared settings
 * (libs/shared/src/config/*settings.ts). Deployment files must not invent others.
 */
export function settingNamesReadByApps(): Set<string> {
  const files = [
    ...readdirSync(join(ROOT, 'apps')).flatMap((app) =>
      readdirSync(join(ROOT, 'apps', app, 'src'))
        .filter((f) => f.endsWith('.config.ts'))
        .map((f) => join(ROOT, 'apps', app, 'src', f)),
    ),
    ...readdirSync(join(ROOT, 'libs/shared/src/config'))
      .filter((f) => f.endsWith('settings.ts'))
      .map((f) => join(ROOT, 'libs/shared/src/config', f)),
  ];
  return new Set(
    files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1])),
  );
}

/** Settings read by something other than an app's schema: the Camunda node family and OpenTelemetry's OTEL_*. */
export function isFamilySetting(name: string): boolean {
  return /^CAMUNDA_NODE_\d+_(NAME|URL|USER|PASSWORD|DB_URL)$/.test(name) || name.startsWith('OTEL_');
}
