/**
 * CPU that one service's idle Kafka clients burn, with libs/shared's fix for kafkajs' 1 ms request-queue
 * loop (kafkajs-idle-loop.patch.ts) against stock kafkajs 2.2.4 as the baseline, in alternating fresh
 * processes so both see the same machine.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/kafka/idle-cpu.bench.ts [rounds] [idleMs]
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { emitBenchOutcome } from '../report/bench-result';

const rounds = Number(process.argv[2] ?? 3);
const idleMs = Number(process.argv[3] ?? 10_000);
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const client = resolve(__dirname, 'idle-client.ts');

function idleCpuMs(mode: 'patched' | 'stock'): number {
  const out = execFileSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', client, mode, String(idleMs), brokers],
    { cwd: resolve(__dirname, '../..'), encoding: 'utf8' },
  );
  return (JSON.parse(out.trim().split('\n').pop() ?? '{}') as { cpuMs: number }).cpuMs;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const stock: number[] = [];
const patched: number[] = [];
for (let round = 0; round < rounds; round++) {
  stock.push(idleCpuMs('stock'));
  patched.push(idleCpuMs('patched'));
  console.log(
    `round ${round + 1}: stock ${stock[round].toFixed(0)} ms, patched ${patched[round].toFixed(0)} ms CPU per ${idleMs} ms idle`,
  );
}
const perMinute = (ms: number) => (ms * 60_000) / idleMs;
console.log(
  `median CPU per idle minute: stock ${perMinute(median(stock)).toFixed(0)} ms, patched ${perMinute(median(patched)).toFixed(0)} ms`,
);

emitBenchOutcome({
  what: "CPU used by one service's idle Kafka clients (producer, admin, consumer in a group), per idle minute",
  baseline:
    'stock kafkajs 2.2.4, whose request queue re-arms a 1 ms timer forever (kafkajs issues #1704, #1751)',
  parameters: { rounds, idleMs, brokers },
  metrics: [
    {
      name: 'idle CPU per minute',
      unit: 'ms',
      value: perMinute(median(patched)),
      better: 'lower',
      baseline: { name: 'stock kafkajs', value: perMinute(median(stock)) },
    },
  ],
});
