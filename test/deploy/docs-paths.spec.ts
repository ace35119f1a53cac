import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The docs name files by their path so a newcomer can open them; after a rename a doc that still names the
 * old path sends people nowhere. Every repository path written in backticks or as a link target in the
 * README, CONTRIBUTING and docs/ must exist.
 */
const ROOT = join(__dirname, '..', '..');
const TOP_FOLDERS = ['apps', 'libs', 'test', 'bench', 'scripts', 'deploy', 'docs', 'processes', '.ci'];
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** `apps/x/y.ts`, `apps/x/y.ts:12`, [text](apps/x/y.ts#anchor); globs and placeholders are not paths. */
function citedPaths(markdown: string, docPath: string): string[] {
  const inBackticks = [...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]);
  const linkTargets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .filter((m) => !m[1].includes('://'))
    .map((m) =>
    docPath.startsWith('docs/') && !m[1].startsWith('docs/') ? join('docs', m[1]) : m[1],
  );
  return [...inBackticks, ...linkTargets]
    .map((text) => text.replace(/#.*$/, '').replace(/:\d+(-\d+)?$/, '').replace(/\/$/, ''))
    .map((text) => text.replace(/^docs\/\.\.\//, ''))
    .filter((text) => TOP_FOLDERS.some((folder) => text.startsWith(`${folder}/`)))
    .filter((text) => !/[*<>{}$…]|\.\.\.|\|/.test(text));
}

describe('paths the docs name', () => {
  it('finds the paths the docs cite (a pattern that matched nothing would pass every doc)', () => {
    const cited = DOCS.flatMap((docPath) => citedPaths(readFileSync(join(ROOT, docPath), 'utf8'), docPath));
    expect(new Set(cited).size).toBeGreaterThan(100);
  });

  it.each(DOCS)('%s names only files and folders that exist', (docPath) => {
    const missing = citedPaths(readFileSync(join(ROOT, docPath), 'utf8'), docPath).filter(
      (path) => !existsSync(join(ROOT, path)),
    );
    expect(missing).toEqual([]);
  });
});
