import { ModelPipeline } from '../generation/model-pipeline';
import { GraphCompiler } from '../parser/graph-compiler';
import { parseDescription } from '../parser/text-parser';
import { loadOddDescriptions } from './corpus-expectation.util';

/** Text the parser does not understand, or understands only in part, still yields a valid, lint-clean model. */
const ODD_INPUTS = loadOddDescriptions();

describe('odd descriptions', () => {
  const pipeline = new ModelPipeline({ historyTimeToLiveDays: 30 });

  it.each(ODD_INPUTS.map((text) => [text.slice(0, 60), text]))('%s → a valid model', async (_label, text) => {
    const sut = await pipeline.build(
      new GraphCompiler().compile(parseDescription(text), { processId: 'Odd' }),
    );

    expect(sut.parseWarnings).toEqual([]);
    expect(sut.lintFindings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(sut.stats.sequenceFlows).toBeGreaterThan(0);
  });
});
