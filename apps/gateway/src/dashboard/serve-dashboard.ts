import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';

const ASSETS = join('apps', 'gateway', 'public');

/**
 * The dashboard and the BPMN viewer are plain HTML and JS with no build step;
 * they call the same `/api/v1` as every other client, with a key the user enters. The
 * assets live in the source tree, found from here both under ts-node and from
 * `dist/`; bpmn-js is served from its npm package (no CDN).
 */
export function serveDashboard(app: NestExpressApplication): void {
  app.useStaticAssets(findAssets(__dirname), { index: 'index.html', maxAge: 60_000 });
  app.useStaticAssets(join(dirname(require.resolve('bpmn-js/package.json')), 'dist'), {
    prefix: '/vendor/bpmn-js/',
    maxAge: 3_600_000,
  });
}

function findAssets(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, ASSETS);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`dashboard assets (${ASSETS}) not found above ${from}`);
  }
}
