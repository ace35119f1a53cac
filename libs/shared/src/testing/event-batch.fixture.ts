import { randomUUID } from 'node:crypto';
import { Envelope } from '../contracts/envelope';
import { parseTopicName, PayloadOf, TopicName } from '../contracts/topic-catalogue';
import { Queryable } from '../database/queryable';
import { EventBatch } from '../kafka/event-batch';

/** An envelope of `topic` around `payload`, as the transport hands it to a handler. */
export function envelopeOf<T extends TopicName>(
  topic: T,
  payload: PayloadOf<T>,
  overrides: Partial<Omit<Envelope<PayloadOf<T>>, 'payload'>> = {},
): Envelope<PayloadOf<T>> {
  const { type, version } = parseTopicName(topic);
  return {
    eventId: randomUUID(),
    type,
    version,
    occurredAt: new Date().toISOString(),
    source: 'test',
    nodeId: 'node-1',
    trace: { correlationId: randomUUID() },
    ...overrides,
    payload,
  };
}

/** A batch as the transport hands it, with its after-commit effects run by `commit()`. */
export interface TestBatch<T extends TopicName> extends EventBatch<T> {
  commit(): void;
}

export function batchOf<T extends TopicName>(
  topic: T,
  events: readonly Envelope<PayloadOf<T>>[],
  tx: Queryable = { query: () => Promise.reject(new Error('this test batch has no database')) },
): TestBatch<T> {
  const effects: (() => void)[] = [];
  return {
    topic,
    events,
    tx,
    afterCommit: (effect) => effects.push(effect),
    eachTraced: async (work) => {
      const results = [];
      for (const event of events) results.push(await work(event));
      return results;
    },
    commit: () => effects.splice(0).forEach((effect) => effect()),
  };
}
