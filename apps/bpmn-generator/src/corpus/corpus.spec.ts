import { ModelPipeline } from '../generation/model-pipeline';
import { GraphCompiler } from '../parser/graph-compiler';
import { parseDescription } from '../parser/text-parser';
import { loadCorpus, unmetExpectations } from './corpus-expectation.util';

/** The offline parser against the corpus: every model builds and lints clean; the share meeting expectations is printed. */
describe('description corpus (offline)', () => {
  const corpus = loadCorpus();
  const pipeline = new ModelPipeline({ historyTimeToLiveDays: 30 });

  it('has at least 30 descriptions with expectations', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(corpus.every((e) => Object.keys(e.expect).length > 0)).toBe(true);
  });

  it('builds every description into a lint-clean model and meets the expectations', async () => {
    const failures: string[] = [];
    let lintClean = 0;
    let warnings = 0;
    let met = 0;
    for (const entry of corpus) {
      const sut = await pipeline.build(
        new GraphCompiler().compile(parseDescription(entry.text), {
          processId: `Corpus_${entry.id.replace(/-/g, '_')}`,
        }),
      );
      const errors = sut.lintFindings.filter((f) => f.severity === 'error');
      warnings += sut.lintFindings.filter((f) => f.severity === 'warn').length;
      if (errors.length === 0) lintClean += 1;
      else failures.push(`${entry.id}: lint ${errors.map((e) => `${e.rule} ${e.elementId}`).join(', ')}`);
      const misses = unmetExpectations(entry.expect, sut.stats, sut.graph, sut.xml);
      if (misses.length === 0) met += 1;
      else failures.push(`${entry.id}: ${misses.join('; ')}`);
    }
    process.stdout.write(
      `corpus (offline): ${corpus.length} descriptions, lint clean ${lintClean}/${corpus.length} (${warnings} warnings), expectations met ${met}/${corpus.length}\n${failures.join('\n')}\n`,
    );
    expect(failures).toEqual([]);
  });
});
