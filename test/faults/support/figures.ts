import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** What each fault test measured; printed and written to test-output/faults-figures.json for docs/reliability.md. */
export const figures: Record<string, Record<string, number | string>> = {};

export function record(fault: string, values: Record<string, number | string>): void {
  figures[fault] = { ...figures[fault], ...values };
}

export function writeFigures(): void {
  const dir = resolve(__dirname, '../../../test-output');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'faults-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`faults: figures ${JSON.stringify(figures)}\n`);
}
