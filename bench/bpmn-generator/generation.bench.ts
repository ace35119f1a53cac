/**
 * Offline generation time per model, against a baseline measured in the same
 * run: raw bpmn-moddle `toXML` of one fixed, already-built model (the cheapest
 * possible way to emit BPMN XML). Stages: text → graph (parser + compiler),
 * graph → XML (builder + layout), and the full pipeline (repair, build, parse
 * back, bpmnlint, stats and suggestions) over every corpus description.
 *
 *   npx ts-node -r tsconfig-paths/register bench/bpmn-generator/generation.bench.ts [rounds]
 */
import { performance } from 'node:perf_hooks';
import { createBpmnModdle } from '../../apps/bpmn-generator/src/builder/bpmn-moddle.adapter';
import { BpmnXmlBuilder } from '../../apps/bpmn-generator/src/builder/bpmn-xml.builder';
import { loadCorpus } from '../../apps/bpmn-generator/src/corpus/corpus-expectation.util';
import { ModelPipeline } from '../../apps/bpmn-generator/src/generation/model-pipeline';
import { ProcessGraph } from '../../apps/bpmn-generator/src/graph/process-graph';
import { GraphCompiler } from '../../apps/bpmn-generator/src/parser/graph-compiler';
import { parseDescription } from '../../apps/bpmn-generator/src/parser/text-parser';
import { emitBenchOutcome } from '../report/bench-result';

const ROUNDS = Number(process.argv[2] ?? 10);
const OPTIONS = { historyTimeToLiveDays: 180 };

function summary(samples: number[]): { median: number; p95: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), mean: samples.reduce((s, x) => s + x, 0) / samples.length };
}

async function time(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const corpus = loadCorpus();
  const builder = new BpmnXmlBuilder();
  const pipeline = new ModelPipeline(OPTIONS);
  const graphs: ProcessGraph[] = corpus.map((e) =>
    new GraphCompiler().compile(parseDescription(e.text), { processId: `Bench_${e.id.replace(/-/g, '_')}` }),
  );

  // The baseline model: the largest corpus model, parsed once, serialised again and again.
  const largest = graphs.reduce((a, b) => (b.nodes.length > a.nodes.length ? b : a));
  const moddle = createBpmnModdle();
  const { rootElement: fixed } = await moddle.fromXML(await builder.build(largest, OPTIONS));

  for (const g of graphs.slice(0, 5)) await pipeline.build(g);

  const baseline: number[] = [];
  const parse: number[] = [];
  const build: number[] = [];
  const full: number[] = [];
  const heapBefore = process.memoryUsage().heapUsed;
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < corpus.length; i++) {
      baseline.push(await time(() => moddle.toXML(fixed, { format: true })));
      parse.push(
        await time(() =>
          new GraphCompiler().compile(parseDescription(corpus[i].text), { processId: 'Bench' }),
        ),
      );
      build.push(await time(() => builder.build(graphs[i], OPTIONS)));
      full.push(
        await time(() =>
          pipeline.build(
            new GraphCompiler().compile(parseDescription(corpus[i].text), { processId: 'Bench' }),
          ),
        ),
      );
    }
  }
  const heapAfter = process.memoryUsage().heapUsed;
  const b = summary(baseline);
  const rows = [
    ['baseline: bpmn-moddle toXML (fixed model)', b],
    ['text → graph (parser + compiler)', summary(parse)],
    ['graph → XML (builder + layout)', summary(build)],
    ['full offline pipeline (+ parse back, lint, stats)', summary(full)],
  ] as const;
  const fmt = (ms: number) => ms.toFixed(3).padStart(8);
  process.stdout.write(
    `bpmn-generator offline generation: ${corpus.length} descriptions × ${ROUNDS} rounds (largest model ${largest.nodes.length} nodes), Node ${process.version}\n`,
  );
  process.stdout.write(
    `${'stage'.padEnd(52)} median ms    p95 ms   mean ms   ratio (median / baseline median)\n`,
  );
  for (const [name, s] of rows) {
    process.stdout.write(
      `${name.padEnd(52)}${fmt(s.median)}  ${fmt(s.p95)}  ${fmt(s.mean)}   ${(s.median / b.median).toFixed(2)}×\n`,
    );
  }
  process.stdout.write(
    `heap growth over the run: ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MiB (not a leak check; GC runs when it likes)\n`,
  );
  emitBenchOutcome({
    what: `offline generation time per model over the ${corpus.length} corpus descriptions: text → graph, graph → XML, and the full pipeline (repair, build, parse back, bpmnlint, stats)`,
    baseline: `bpmn-moddle toXML of one fixed, already-built model (the largest corpus model, ${largest.nodes.length} nodes): the cheapest way to emit BPMN XML`,
    parameters: { descriptions: corpus.length, rounds: ROUNDS },
    metrics: rows.slice(1).map(([name, stage]) => ({
      name: `${name} median`,
      unit: 'ms',
      value: stage.median,
      better: 'lower' as const,
      baseline: { name: 'toXML median', value: b.median },
    })),
  });
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
