import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { decodeEnvelope, encodeEnvelope, Envelope, parseTopicName, TopicName } from '@flowpilot/shared';
import { incidentOpened, incidentResolved, slaAlert } from '../../../apps/gateway/test/facts';

export interface ValidMessage {
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, Buffer | string>;
  envelope: Envelope<unknown>;
  replayed: boolean;
}

/**
 * A valid event for each topic that is harmless on the shared broker: the
 * newest valid message already on the topic, sent again verbatim. Every
 * existing consumer has seen its event id (and handlers are idempotent); a
 * new consumer group processes it like any event. Topics that hold none get
 * a fresh event about a node no other test uses.
 */
export async function validMessages(
  kafka: Kafka,
  topics: TopicName[],
  nodeId: string,
): Promise<Map<TopicName, ValidMessage>> {
  const found = await newestValid(kafka, topics);
  for (const topic of topics) {
    if (found.has(topic)) continue;
    const payload = freshPayload(topic, nodeId);
    if (payload === undefined)
      throw new Error(
        `${topic} holds no valid event to replay and the test has no harmless fresh one for it`,
      );
    const { type, version } = parseTopicName(topic);
    const envelope: Envelope<unknown> = {
      eventId: randomUUID(),
      type,
      version,
      occurredAt: new Date().toISOString(),
      source: 'malformed-kafka-test',
      nodeId,
      trace: { correlationId: randomUUID() },
      payload,
    };
    const message = encodeEnvelope(topic, envelope as never);
    found.set(topic, {
      key: message.key ? Buffer.from(message.key) : null,
      value: Buffer.from(message.value as string),
      headers: (message.headers ?? {}) as Record<string, string>,
      envelope,
      replayed: false,
    });
  }
  return found;
}

/** Reads the last few messages of every partition and keeps each topic's newest one that decodes. */
async function newestValid(kafka: Kafka, topics: TopicName[]): Promise<Map<TopicName, ValidMessage>> {
  const admin = kafka.admin();
  await admin.connect();
  const starts = new Map<string, { partition: number; from: bigint; high: bigint }[]>();
  try {
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      starts.set(
        topic,
        offsets
          .map((o) => ({ partition: o.partition, high: BigInt(o.high), from: BigInt(o.high) - 30n }))
          .map((o) => ({ ...o, from: o.from < 0n ? 0n : o.from }))
          .filter((o) => o.high > o.from),
      );
    }
  } finally {
    await admin.disconnect();
  }
  const wanted = topics.filter((t) => (starts.get(t) ?? []).length > 0);
  const best = new Map<TopicName, ValidMessage & { timestamp: number }>();
  if (wanted.length === 0) return best;
  const remaining = new Set(wanted.flatMap((t) => starts.get(t)!.map((s) => `${t}/${s.partition}`)));
  const consumer = kafka.consumer({ groupId: `malformed-replay-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: wanted, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const start = starts.get(topic)?.find((s) => s.partition === partition);
          if (!start) return;
          const offset = BigInt(message.offset);
          if (offset >= start.from) {
            const decoded = decodeEnvelope(topic as TopicName, message);
            const timestamp = Number(message.timestamp);
            const current = best.get(topic as TopicName);
            if (decoded.ok && message.value && (!current || timestamp >= current.timestamp))
              best.set(topic as TopicName, {
                key: message.key,
                value: message.value,
                headers: Object.fromEntries(
                  Object.entries(message.headers ?? {}).flatMap(([k, v]) =>
                    v === undefined ? [] : [[k, Array.isArray(v) ? String(v[0]) : v]],
                  ),
                ),
                envelope: decoded.envelope,
                replayed: true,
                timestamp,
              });
          }
          if (offset >= start.high - 1n) {
            remaining.delete(`${topic}/${partition}`);
            if (remaining.size === 0) resolve();
          }
        },
      });
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const topic of wanted)
        for (const start of starts.get(topic)!)
          consumer.seek({ topic, partition: start.partition, offset: start.from.toString() });
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, 60_000)))]);
    clearTimeout(timer);
  } finally {
    await consumer.disconnect();
  }
  return best;
}

/** Fresh events for topics that may be empty, about a node only this test uses (nothing alerts on them). */
function freshPayload(topic: TopicName, nodeId: string): unknown {
  const now = new Date().toISOString();
  const userTask = {
    taskId: randomUUID(),
    name: 'Malformed-input check',
    taskDefinitionKey: 'malformedCheck',
    processDefinitionId: null,
    processDefinitionKey: `malformed-${nodeId}`,
    processInstanceId: randomUUID(),
    assignee: null,
    candidateGroups: [],
    candidateUsers: [],
    priority: 50,
    dueDate: null,
    createdAt: now,
  };
  switch (topic) {
    case 'camunda.incident.resolved.v1':
      return incidentResolved(incidentOpened({ processDefinitionKey: `malformed-${nodeId}` }));
    case 'camunda.user-task.created.v1':
      return userTask;
    case 'camunda.user-task.completed.v1':
      return { ...userTask, endedAt: now, ageMs: 1_000, outcome: 'completed', deleteReason: null };
    case 'camunda.jvm.metrics.v1':
      return {
        observedAt: now,
        heapUsedBytes: 1_000_000,
        heapMaxBytes: 2_000_000,
        nonHeapUsedBytes: null,
        liveThreads: 10,
        gcPauseSecondsTotal: null,
        processCpuUsage: null,
        uptimeSeconds: 60,
      };
    case 'analysis.sla.v1':
      return {
        ...slaAlert(nodeId, 'at-risk', 'Malformed check', 0.85),
        processDefinitionKey: `malformed-${nodeId}`,
        open: false,
      };
    default:
      return undefined;
  }
}
