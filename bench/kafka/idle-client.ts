/**
 * One service's Kafka clients (producer, admin, consumer in a group) sitting idle on the local broker;
 * prints the CPU time this process used over the idle window. Run by idle-cpu.bench.ts, once with the
 * shared library's request-queue patch and once without, each in a fresh process.
 */
import { Kafka, logLevel } from 'kafkajs';
import { patchKafkaRequestQueue } from '../../libs/shared/src/kafka/kafkajs-idle-loop.patch';

const [mode, idleMs, brokers] = [process.argv[2], Number(process.argv[3]), process.argv[4]];

async function main(): Promise<void> {
  if (mode === 'patched') patchKafkaRequestQueue();
  const kafka = new Kafka({ brokers: [brokers], clientId: `bench-idle-${mode}`, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const admin = kafka.admin();
  const consumer = kafka.consumer({ groupId: `bench-idle-${process.pid}` });
  await Promise.all([producer.connect(), admin.connect(), consumer.connect()]);
  await consumer.subscribe({ topics: ['settings.thresholds.v1'] });
  await consumer.run({ eachMessage: async () => undefined });
  await admin.listTopics();
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // joined, first fetches done
  const before = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const used = process.cpuUsage(before);
  process.stdout.write(`${JSON.stringify({ mode, cpuMs: (used.user + used.system) / 1_000, idleMs })}\n`);
  await Promise.all([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
