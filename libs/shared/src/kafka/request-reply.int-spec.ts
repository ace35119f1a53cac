import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { decodeEnvelope } from './envelope-codec';
import { EventPublisher } from './event-publisher';
import { PipelineEvents } from './pipeline-events';
import { KafkaRequestClient, respond } from './request-reply';

/**
 * Request/reply over the real broker: two asking instances (each with its own
 * reply group) and one responder. Each instance gets the answers to its own
 * requests, whatever partition they land on. The responder only answers this
 * run's requests (by envelope source), so a running generator does not matter.
 */
const run = randomUUID().slice(0, 8);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('request/reply over Kafka', () => {
  const kafka = new Kafka({ clientId: `rr-it-${run}`, brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const responder = kafka.consumer({ groupId: `rr-it-${run}.responder` });
  const publisher = new EventPublisher(producer, `rr-it-${run}`, new PipelineEvents());
  const client = (name: string) =>
    new KafkaRequestClient({
      kafka,
      publisher,
      requestTopic: 'bpmn.request.v1',
      replyTopic: 'bpmn.reply.v1',
      groupId: `rr-it-${run}.${name}`,
      defaultTimeoutMs: 20_000,
    });
  const a = client('gateway-a');
  const b = client('gateway-b');

  beforeAll(async () => {
    await producer.connect();
    await responder.connect();
    await responder.subscribe({ topics: ['bpmn.request.v1'], fromBeginning: false });
    const joined = new Promise<void>((resolve) => responder.on(responder.events.GROUP_JOIN, () => resolve()));
    await responder.run({
      eachMessage: async ({ message }) => {
        const decoded = decodeEnvelope('bpmn.request.v1', message);
        if (!decoded.ok || decoded.envelope.source !== `rr-it-${run}`) return;
        await respond(publisher, 'bpmn.reply.v1', decoded.envelope, async (command) => {
          if (command.type === 'list-models') return { total: command.limit ?? 0, items: [] };
          return { templates: [] };
        });
      },
    });
    await joined;
    await Promise.all([a.start(), b.start()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
    await responder.disconnect();
    await producer.disconnect();
  }, 30_000);

  it('brings every instance the replies to its own requests', async () => {
    // The responder's group may still be fetching its first offsets: retry the first exchange until it answers.
    let first: Awaited<ReturnType<typeof a.request<{ type: 'list-templates' }>>> | null = null;
    for (let i = 0; i < 20 && !first; i++)
      first = await a.request({ type: 'list-templates' }, { timeoutMs: 1_500 }).catch(() => null);

    const [fromA, fromB] = await Promise.all([
      Promise.all([1, 2, 3].map((limit) => a.request({ type: 'list-models', limit }))),
      Promise.all([4, 5, 6].map((limit) => b.request({ type: 'list-models', limit }))),
    ]);

    expect(first).toMatchObject({ ok: true, result: { templates: [] } });
    expect(fromA.map((r) => r.ok && r.result.total)).toEqual([1, 2, 3]);
    expect(fromB.map((r) => r.ok && r.result.total)).toEqual([4, 5, 6]);
    expect([a.waiting, b.waiting]).toEqual([0, 0]);
  }, 60_000);
});
