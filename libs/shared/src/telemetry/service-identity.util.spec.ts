import { join } from 'node:path';
import { projectVersion, serviceNameFromEntry } from './service-identity.util';

describe('serviceNameFromEntry', () => {
  it.each([
    ['/app/dist/apps/incident-ai/src/main.js', 'incident-ai'],
    ['/work/main/apps/gateway/src/main.ts', 'gateway'],
    ['C:\\flowpilot\\dist\\apps\\workers\\src\\main.js', 'workers'],
  ])('names the app from %s', (entry, expected) => {
    expect(serviceNameFromEntry(entry)).toBe(expected);
  });

  it.each([[undefined], ['/usr/lib/node_modules/jest/bin/jest.js'], ['/app/dist/apps/gateway/src/other.js']])(
    'gives nothing for %s',
    (entry) => {
      expect(serviceNameFromEntry(entry)).toBeUndefined();
    },
  );
});

describe('projectVersion', () => {
  const files: Record<string, string> = {
    [join('/repo', 'package.json')]: JSON.stringify({ name: 'flowpilot', version: '1.4.2' }),
    [join('/repo/node_modules/x', 'package.json')]: JSON.stringify({ name: 'x', version: '9.9.9' }),
  };
  const read = (path: string): string => {
    const content = files[path];
    if (content === undefined) throw new Error(`ENOENT ${path}`);
    return content;
  };

  it('walks up past other manifests to the project root', () => {
    expect(projectVersion('/repo/node_modules/x/lib', read)).toBe('1.4.2');
    expect(projectVersion('/repo/dist/libs/shared/src/telemetry', read)).toBe('1.4.2');
  });

  it('gives nothing outside the project', () => {
    expect(projectVersion('/elsewhere/deep/dir', read)).toBeUndefined();
  });

  it('finds the real repository version from this folder', () => {
    expect(projectVersion(__dirname)).toMatch(/^\d+\.\d+\.\d+/);
  });
});
