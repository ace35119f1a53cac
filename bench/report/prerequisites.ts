import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of the TypeScript sources under a folder (specs excluded: they are not built). */
function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test')
        newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** dist/ is stale when an app's entry point is missing or older than any source it is built from. */
export function distIsStale(root: string, apps: string[]): boolean {
  const entries = apps.map((app) => join(root, 'dist/apps', app, 'src/main.js'));
  if (entries.some((entry) => !existsSync(entry))) return true;
  const oldestBuild = Math.min(...entries.map((entry) => statSync(entry).mtimeMs));
  return newestSource(join(root, 'apps')) > oldestBuild || newestSource(join(root, 'libs')) > oldestBuild;
}

export function build(root: string): void {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

/**
 * Starts the local stack only when `status` says something is down: `up` reuses
 * what runs, and other people's tests may be using it.
 */
export function ensureStack(root: string): 'already up' | 'started' {
  const status = spawnSync('bash', ['scripts/stack.sh', 'status'], { cwd: root, stdio: 'ignore' });
  if (status.status === 0) return 'already up';
  execFileSync('bash', ['scripts/stack.sh', 'up'], { cwd: root, stdio: 'inherit' });
  return 'started';
}
