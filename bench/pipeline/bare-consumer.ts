/**
 * The floor under every consumer in the pipeline benchmark: a bare kafkajs
 * consumer in a new group reading the same topics from the beginning and doing
 * nothing with the messages but committing each batch's offsets, as every
 * service has to after its work.
 * Run as its own process by pipeline.bench.ts so it gets a process like the
 * services do; prints one JSON line with what it read and when.
 *
 *   node -r ts-node/register/transpile-only bench/pipeline/bare-consumer.ts '{"brokers":"…","groupId":"…","topics":[…],"expected":N,"timeoutMs":N}'
 */
import { Kafka, logLevel } from 'kafkajs';

interface Options {
  brokers: string;
  groupId: string;
  topics: string[];
  expected: number;
  timeoutMs: number;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as Options;
  const consumer = new Kafka({
    clientId: 'bench-bare-consumer',
    brokers: [options.brokers],
    logLevel: logLevel.NOTHING,
  }).consumer({ groupId: options.groupId });
  const startedAt = Date.now();
  let read = 0;
  let firstAt: number | null = null;
  let lastAt: number | null = null;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(finish, options.timeoutMs);
  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      if (batch.messages.length === 0) return;
      firstAt ??= Date.now();
      read += batch.messages.length;
      const last = batch.lastOffset();
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      lastAt = Date.now();
      if (read >= options.expected) finish();
    },
  });
  await finished;
  clearTimeout(timer);
  await consumer.disconnect();
  process.stdout.write(`${JSON.stringify({ read, startedAt, firstAt, lastAt })}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
