import { EventEmitter } from 'node:events';
import type { ConsumerRunConfig, ConsumerSubscribeTopics, EachMessagePayload } from 'kafkajs';
import { BpmnReply, BpmnReplySchema, BpmnRequest, BpmnRequestSchema } from '../contracts/bpmn.contract';
import type { Envelope } from '../contracts/envelope';
import { PayloadOf, TopicName } from '../contracts/topic-catalogue';
import { TransientError } from '../errors/transient-error';
import { encodeEnvelope } from './envelope-codec';
import { EventOf } from './envelope-kafka.transport';
import { deriveEventId } from './event-id';
import type { EventPublisher, PublishOptions } from './event-publisher';
import {
  KafkaRequestClient,
  ReplyConsumer,
  ReplyFailure,
  RequestTimeoutError,
  respond,
} from './request-reply';
import { envelopeOf } from '../testing/event-batch.fixture';

const REQUEST = 'bpmn.request.v1';
const REPLY = 'bpmn.reply.v1';

/** A kafkajs consumer that joins at once and hands messages to the registered handler on demand. */
class FakeConsumer implements ReplyConsumer {
  readonly events = { GROUP_JOIN: 'consumer.group_join', FETCH: 'consumer.fetch' } as const;
  subscribed: { topics: (string | RegExp)[]; fromBeginning?: boolean } | null = null;
  runConfig: ConsumerRunConfig | null = null;
  disconnected = false;
  private readonly emitter = new EventEmitter();

  on(event: string, listener: () => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
  async connect(): Promise<void> {}
  async subscribe(options: ConsumerSubscribeTopics): Promise<void> {
    this.subscribed = options;
  }
  async run(config: ConsumerRunConfig = {}): Promise<void> {
    this.runConfig = config;
    setImmediate(() => {
      this.emitter.emit(this.events.GROUP_JOIN, {});
      this.emitter.emit(this.events.FETCH, {});
    });
  }
  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
  async deliver(topic: TopicName, value: string): Promise<void> {
    await this.runConfig?.eachMessage?.({
      topic,
      partition: 0,
      message: { value: Buffer.from(value) },
    } as EachMessagePayload);
  }
}

/** Keeps each publish with the options it was given (the reply's event id, trace and node). */
class FakePublisher implements Pick<EventPublisher, 'publish'> {
  published: { topic: TopicName; payload: unknown; options: PublishOptions }[] = [];
  failWith: Error | null = null;
  async publish<T extends TopicName>(
    topic: T,
    payload: PayloadOf<T>,
    options: PublishOptions = {},
  ): Promise<Envelope<PayloadOf<T>>> {
    if (this.failWith) throw this.failWith;
    this.published.push({ topic, payload, options });
    return envelopeOf(topic, payload);
  }
}

function replyMessage(payload: BpmnReply): string {
  return encodeEnvelope(REPLY, {
    eventId: deriveEventId('reply', payload.requestId),
    type: 'bpmn.reply',
    version: 1,
    occurredAt: new Date().toISOString(),
    source: 'bpmn-generator',
    nodeId: null,
    trace: { correlationId: 'c-1' },
    payload,
  }).value as string;
}

function requestEvent(
  payload: BpmnRequest,
  eventId = deriveEventId('request', payload.requestId),
): EventOf<typeof REQUEST> {
  return {
    eventId,
    type: 'bpmn.request',
    version: 1,
    occurredAt: new Date().toISOString(),
    source: 'gateway',
    nodeId: null,
    trace: { correlationId: 'c-2' },
    payload,
  };
}

function setup() {
  const consumer = new FakeConsumer();
  const publisher = new FakePublisher();
  const sut = new KafkaRequestClient({
    kafka: { consumer: () => consumer },
    publisher,
    requestTopic: REQUEST,
    replyTopic: REPLY,
    groupId: 'flowpilot.gateway.replies.test',
    defaultTimeoutMs: 1_000,
  });
  return { sut, consumer, publisher };
}

async function publishedRequest(publisher: FakePublisher): Promise<BpmnRequest> {
  for (let i = 0; i < 50 && publisher.published.length === 0; i++) await new Promise((r) => setImmediate(r));
  return publisher.published[0].payload as BpmnRequest;
}

describe('KafkaRequestClient', () => {
  it('publishes the command and resolves with the reply carrying its request id', async () => {
    const { sut, consumer, publisher } = setup();

    const pending = sut.request({ type: 'list-models', limit: 5 });
    const request = await publishedRequest(publisher);
    await consumer.deliver(
      REPLY,
      replyMessage({
        requestId: deriveEventId('someone else'),
        type: 'list-models',
        ok: true,
        result: { total: 9, items: [] },
      }),
    );
    await consumer.deliver(
      REPLY,
      replyMessage({
        requestId: request.requestId,
        type: 'list-models',
        ok: true,
        result: { total: 0, items: [] },
      }),
    );
    const reply = await pending;

    expect(publisher.published[0].topic).toBe(REQUEST);
    expect(request).toMatchObject({ replyTopic: REPLY, command: { type: 'list-models', limit: 5 } });
    expect(Date.parse(request.expiresAt as string)).toBeGreaterThan(Date.now());
    expect(reply).toEqual({
      requestId: request.requestId,
      type: 'list-models',
      ok: true,
      result: { total: 0, items: [] },
    });
    expect(consumer.subscribed).toEqual({ topics: [REPLY], fromBeginning: false });
    expect(consumer.runConfig?.autoCommit).toBe(false);
    expect(sut.waiting).toBe(0);
    expect(BpmnRequestSchema.safeParse(request).success).toBe(true);
    expect(reply.ok && reply.result.total).toBe(0);
  });

  it('resolves failure replies with their error code', async () => {
    const { sut, consumer, publisher } = setup();

    const pending = sut.request({ type: 'get-model', modelId: deriveEventId('missing') });
    const request = await publishedRequest(publisher);
    await consumer.deliver(
      REPLY,
      replyMessage({
        requestId: request.requestId,
        type: 'get-model',
        ok: false,
        error: { code: 'not-found', message: 'no such model', details: null },
      }),
    );

    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('rejects with a timeout error when no reply arrives in time', async () => {
    const { sut } = setup();

    await expect(sut.request({ type: 'list-templates' }, { timeoutMs: 30 })).rejects.toBeInstanceOf(
      RequestTimeoutError,
    );
    expect(sut.waiting).toBe(0);
  });

  it('ignores malformed replies and keeps waiting', async () => {
    const { sut, consumer, publisher } = setup();

    const pending = sut.request({ type: 'list-templates' }, { timeoutMs: 50 });
    await publishedRequest(publisher);
    await consumer.deliver(REPLY, '{"not":"an envelope"}');

    await expect(pending).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it('rejects at once when the request cannot be published', async () => {
    const { sut, publisher } = setup();
    publisher.failWith = new Error('broker down');

    await expect(sut.request({ type: 'list-templates' })).rejects.toThrow('broker down');
    expect(sut.waiting).toBe(0);
  });

  it('cancels waiting requests on stop', async () => {
    const { sut, consumer, publisher } = setup();

    const pending = sut.request({ type: 'list-templates' });
    await publishedRequest(publisher);
    await sut.stop();

    await expect(pending).rejects.toThrow(/cancelled/);
    expect(consumer.disconnected).toBe(true);
  });
});

describe('respond', () => {
  const base = (): BpmnRequest => ({
    requestId: deriveEventId('r', String(Math.random())),
    command: { type: 'list-templates' },
  });

  it('publishes the result as an ok reply with an event id derived from the request', async () => {
    const publisher = new FakePublisher();
    const event = requestEvent(base());

    const sut = await respond(publisher, REPLY, event, async () => ({
      templates: [],
    }));

    expect(sut).toBe('replied');
    expect(BpmnReplySchema.safeParse(publisher.published[0].payload).success).toBe(true);
    expect(publisher.published).toEqual([
      {
        topic: REPLY,
        payload: {
          requestId: event.payload.requestId,
          type: 'list-templates',
          ok: true,
          result: { templates: [] },
        },
        options: { eventId: deriveEventId(event.eventId, 'reply'), trace: event.trace, nodeId: null },
      },
    ]);
  });

  it('answers a ReplyFailure with its code and details', async () => {
    const publisher = new FakePublisher();

    const sut = await respond(publisher, REPLY, requestEvent(base()), async () => {
      throw new ReplyFailure('not-found', 'model 42 is unknown', { modelId: '42' });
    });

    expect(sut).toBe('failed');
    expect((publisher.published[0].payload as PayloadOf<typeof REPLY>).ok).toBe(false);
    expect(publisher.published[0].payload).toMatchObject({
      error: { code: 'not-found', message: 'model 42 is unknown', details: { modelId: '42' } },
    });
  });

  it('answers other errors as internal', async () => {
    const publisher = new FakePublisher();

    await respond(publisher, REPLY, requestEvent(base()), async () => {
      throw new Error('boom');
    });

    expect(publisher.published[0].payload).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'boom', details: null },
    });
  });

  it('lets transient errors reach the transport for a retry', async () => {
    const publisher = new FakePublisher();

    const sut = respond(publisher, REPLY, requestEvent(base()), async () => {
      throw new TransientError('camunda down');
    });

    await expect(sut).rejects.toBeInstanceOf(TransientError);
    expect(publisher.published).toHaveLength(0);
  });

  it('skips requests nobody waits for any more', async () => {
    const publisher = new FakePublisher();
    const work = jest.fn();
    const expired = { ...base(), expiresAt: '2026-01-01T00:00:00.000Z' };

    const sut = await respond(publisher, REPLY, requestEvent(expired), work);

    expect(sut).toBe('expired');
    expect(work).not.toHaveBeenCalled();
    expect(publisher.published).toHaveLength(0);
  });

  it('answers on the default reply topic when the requested one is not a reply topic', async () => {
    const publisher = new FakePublisher();

    await respond(
      publisher,
      REPLY,
      requestEvent({ ...base(), replyTopic: 'camunda.node.status.v1' }),
      async () => ({ templates: [] }),
    );

    expect(publisher.published[0].topic).toBe(REPLY);
  });
});
