#!/usr/bin/env node
// Creates every catalogue topic and its dead-letter topic (idempotent).
// Reads the TypeScript catalogue directly, so it works before `npm run build`.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
require('tsconfig-paths').register({
  baseUrl: __dirname + '/..',
  paths: { '@flowpilot/shared': ['libs/shared/src'] },
});
const { Kafka, logLevel } = require('kafkajs');
const { TOPICS, deadLetterTopicOf } = require('../libs/shared/src/contracts/topic-catalogue');

async function main() {
  const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',').map((b) => b.trim());
  const kafka = new Kafka({ clientId: 'flowpilot-create-topics', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [];
    for (const [name, def] of Object.entries(TOPICS)) {
      const retentionMs = String(def.retentionDays * 24 * 3600 * 1000);
      wanted.push({
        topic: name,
        numPartitions: def.partitions,
        replicationFactor: 1,
        configEntries: [{ name: 'retention.ms', value: retentionMs }],
      });
      wanted.push({
        topic: deadLetterTopicOf(name),
        numPartitions: 1,
        replicationFactor: 1,
        configEntries: [{ name: 'retention.ms', value: String(30 * 24 * 3600 * 1000) }],
      });
    }
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
    // Kafka can only add partitions: a catalogue that asks for more than a topic has grows it
    // (keys then map to new partitions; events already written keep their place).
    const present = wanted.filter((t) => existing.has(t.topic));
    const metadata =
      present.length > 0
        ? await admin.fetchTopicMetadata({ topics: present.map((t) => t.topic) })
        : { topics: [] };
    const grow = metadata.topics
      .map((m) => ({
        topic: m.name,
        have: m.partitions.length,
        want: present.find((t) => t.topic === m.name).numPartitions,
      }))
      .filter((t) => t.want > t.have);
    if (grow.length > 0)
      await admin.createPartitions({ topicPartitions: grow.map((t) => ({ topic: t.topic, count: t.want })) });
    console.log(
      `topics: ${wanted.length} in catalogue (with dead-letter topics), ${missing.length} created, ${grow.length} grown` +
        grow.map((t) => ` [${t.topic} ${t.have}→${t.want}]`).join(''),
    );
  } finally {
    await admin.disconnect();
  }
}

main().catch((error) => {
  console.error(`create-topics failed: ${error.message}`);
  process.exit(1);
});
