/**
 * Request/reply over Kafka, on top of the envelope plumbing.
 *
 * Contract (one request topic and one reply topic per domain, both in the catalogue):
 * - request payload `{ requestId, replyTopic?, expiresAt?, command }`; `command` is a union
 *   discriminated by `type` (e.g. `bpmn.request.v1`: generate-from-text | generate-from-template |
 *   enhance | validate | deploy | list-models | get-model | search-models | list-templates);
 * - reply payload `{ requestId, type, ok: true, result }` or
 *   `{ requestId, type, ok: false, error: { code, message, details } }`, keyed by `requestId`;
 *   the result schema depends on the command type (`BPMN_RESULT_SCHEMAS`);
 * - the asker (`KafkaRequestClient`) reads the reply topic with a consumer group of its own
 *   (unique per instance, `fromBeginning: false`, no commits), so every instance sees every
 *   reply and keeps the ones it is waiting for; a request without a reply in time fails with
 *   `RequestTimeoutError`;
 * - the responder is an ordinary `@OnEvent(<request topic>)` handler that calls `respond(...)`:
 *   expired requests are skipped, a `ReplyFailure` thrown by the work becomes an `ok: false`
 *   reply with its code, a transient error is retried by the transport, anything else becomes
 *   `internal`. The reply's event id is derived from the request's, so a redelivered request
 *   re-publishes the same reply event.
 */
import { randomUUID } from 'node:crypto';
import type { Consumer, ConsumerConfig } from 'kafkajs';
import { ReplyError, ReplyErrorCode } from '../contracts/request-reply.contract';
import { PayloadOf, TopicName, topicDefinition, isTopicName } from '../contracts/topic-catalogue';
import { redact } from '../config/secret-redactor';
import { isTransientError, errorMessage } from '../errors/transient-error';
import type { ContextLogger } from '../logging/app-logger';
import { decodeEnvelope } from './envelope-codec';
import type { EventOf } from './envelope-kafka.transport';
import { deriveEventId } from './event-id';
import type { EventPublisher } from './event-publisher';

export * from '../contracts/request-reply.contract';

type RequestShape = { requestId: string; replyTopic?: string; expiresAt?: string; command: { type: string } };
type ReplyShape = { requestId: string; type: string; ok: boolean };

/** Catalogue topics whose payload is a request / a reply. */
export type RequestTopic = { [T in TopicName]: PayloadOf<T> extends RequestShape ? T : never }[TopicName];
export type ReplyTopic = { [T in TopicName]: PayloadOf<T> extends ReplyShape ? T : never }[TopicName];

export type CommandOf<Req extends RequestTopic> = PayloadOf<Req>['command'];
export type ReplyOf<Rep extends ReplyTopic, K extends string = string> = Extract<PayloadOf<Rep>, { type: K }>;
/** What a command of type K yields on success. */
export type ResultOf<Rep extends ReplyTopic, K extends string> =
  Extract<PayloadOf<Rep>, { type: K; ok: true }> extends {
    result: infer R;
  }
    ? R
    : never;

export class RequestTimeoutError extends Error {
  constructor(
    readonly requestId: string,
    readonly commandType: string,
    readonly timeoutMs: number,
  ) {
    super(`No reply to ${commandType} request ${requestId} within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/** The client stopped while the request was waiting. */
export class RequestCancelledError extends Error {
  constructor(readonly requestId: string) {
    super(`Request ${requestId} was cancelled: the request client stopped`);
    this.name = 'RequestCancelledError';
  }
}

/** What the request client uses of a kafkajs consumer. */
export type ReplyConsumer = Pick<Consumer, 'connect' | 'subscribe' | 'run' | 'disconnect'> & {
  events: Pick<Consumer['events'], 'GROUP_JOIN' | 'FETCH'>;
  /** Listens for one of those lifecycle events; returns what stops listening. */
  on(event: ReplyConsumer['events']['GROUP_JOIN' | 'FETCH'], listener: () => void): () => void;
};

export interface KafkaRequestClientOptions<Req extends RequestTopic, Rep extends ReplyTopic> {
  /** A kafkajs `Kafka`, or anything else that makes reply consumers. */
  kafka: { consumer(config: ConsumerConfig): ReplyConsumer };
  publisher: Pick<EventPublisher, 'publish'>;
  requestTopic: Req;
  replyTopic: Rep;
  /** Unique per process (e.g. `<prefix>.gateway.replies.<hostname>-<uuid>`): each instance must see every reply. */
  groupId: string;
  defaultTimeoutMs: number;
  logger?: ContextLogger;
  /** How long `start()` waits for the reply consumer to join and fetch before giving up. */
  readyTimeoutMs?: number;
}

interface Pending {
  commandType: string;
  resolve: (reply: ReplyShape) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The asking side: publishes a command and resolves with the typed reply that
 * carries its request id. `ok: false` replies resolve too (the caller maps the
 * error code); only a missing reply rejects, with `RequestTimeoutError`.
 */
export class KafkaRequestClient<Req extends RequestTopic, Rep extends ReplyTopic> {
  private readonly pending = new Map<string, Pending>();
  private consumer: ReplyConsumer | null = null;
  private starting: Promise<void> | null = null;

  constructor(private readonly options: KafkaRequestClientOptions<Req, Rep>) {}

  /** Joins the reply topic; idempotent, and `request` calls it on first use. */
  start(): Promise<void> {
    this.starting ??= this.connect().catch(async (error: unknown) => {
      this.starting = null;
      await this.consumer?.disconnect().catch(() => undefined);
      this.consumer = null;
      throw error;
    });
    return this.starting;
  }

  async request<C extends CommandOf<Req>>(
    command: C,
    options: { timeoutMs?: number } = {},
  ): Promise<ReplyOf<Rep, C['type']>> {
    await this.start();
    const timeoutMs = options.timeoutMs ?? this.options.defaultTimeoutMs;
    const requestId = randomUUID();
    const payload = {
      requestId,
      replyTopic: this.options.replyTopic,
      expiresAt: new Date(Date.now() + timeoutMs).toISOString(),
      command,
    };
    const reply = new Promise<ReplyShape>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new RequestTimeoutError(requestId, command.type, timeoutMs));
      }, timeoutMs);
      this.pending.set(requestId, { commandType: command.type, resolve, reject, timer });
    });
    try {
      // The payload is built from the request shape the topic was selected for; the publisher re-checks it.
      await this.options.publisher.publish(this.options.requestTopic, payload as PayloadOf<Req>);
    } catch (error) {
      this.settle(requestId)?.reject(error as Error);
    }
    return (await reply) as ReplyOf<Rep, C['type']>;
  }

  /** Rejects what is still waiting and leaves the consumer group. */
  async stop(): Promise<void> {
    for (const requestId of [...this.pending.keys()])
      this.settle(requestId)?.reject(new RequestCancelledError(requestId));
    this.starting = null;
    await this.consumer?.disconnect();
    this.consumer = null;
  }

  /** Requests waiting for a reply right now. */
  get waiting(): number {
    return this.pending.size;
  }

  private async connect(): Promise<void> {
    const { kafka, groupId, replyTopic } = this.options;
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
    });
    this.consumer = consumer;
    // Ready once the group is joined and the first fetch has resolved the latest offsets:
    // replies published after that moment reach this instance.
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reply consumer ${groupId} did not join ${replyTopic} in time`)),
        this.options.readyTimeoutMs ?? 30_000,
      );
      const removeJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
        removeJoin();
        const removeFetch = consumer.on(consumer.events.FETCH, () => {
          removeFetch();
          clearTimeout(timer);
          resolve();
        });
      });
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [replyTopic], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => this.onReply(message.value),
    });
    await ready;
    this.options.logger?.info('request client ready', { groupId, replyTopic });
  }

  private onReply(value: Buffer | null): void {
    const decoded = decodeEnvelope(this.options.replyTopic, { value });
    if (!decoded.ok) {
      // Another instance's group dead-letters nothing here: this consumer only listens for its own answers.
      this.options.logger?.warn('ignoring malformed reply', {
        reason: decoded.reason,
        eventId: decoded.eventId,
      });
      return;
    }
    const reply = decoded.envelope.payload as ReplyShape;
    this.settle(reply.requestId)?.resolve(reply);
  }

  private settle(requestId: string): Pending | undefined {
    const pending = this.pending.get(requestId);
    if (!pending) return undefined;
    clearTimeout(pending.timer);
    this.pending.delete(requestId);
    return pending;
  }
}

/** Thrown by responder work to answer `ok: false` with a specific code. */
export class ReplyFailure extends Error {
  constructor(
    readonly code: ReplyErrorCode,
    message: string,
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'ReplyFailure';
  }
}

export type RespondOutcome = 'replied' | 'failed' | 'expired';

/**
 * The responding side, called from an `@OnEvent(<request topic>)` handler:
 * runs `work` for the command and publishes the reply to the request's reply
 * topic (when it is a catalogue topic with the same schema) or to `replyTopic`.
 */
export async function respond<Req extends RequestTopic, Rep extends ReplyTopic>(
  publisher: Pick<EventPublisher, 'publish'>,
  replyTopic: Rep,
  request: EventOf<Req>,
  work: (command: CommandOf<Req>) => Promise<unknown>,
  now: () => Date = () => new Date(),
): Promise<RespondOutcome> {
  const payload = request.payload as RequestShape;
  if (payload.expiresAt && Date.parse(payload.expiresAt) <= now().getTime()) return 'expired';
  const type = payload.command.type;
  let reply: Record<string, unknown>;
  try {
    const result = await work(request.payload.command as CommandOf<Req>);
    reply = { requestId: payload.requestId, type, ok: true, result };
  } catch (error) {
    if (isTransientError(error)) throw error;
    reply = { requestId: payload.requestId, type, ok: false, error: replyErrorOf(error) };
  }
  const target = replyTopicFor(payload.replyTopic, replyTopic);
  // The reply is assembled from the command's own type; the publisher checks it against the catalogue schema.
  await publisher.publish(target, reply as PayloadOf<Rep>, {
    eventId: deriveEventId(request.eventId, 'reply'),
    trace: request.trace,
    nodeId: request.nodeId,
  });
  return reply.ok ? 'replied' : 'failed';
}

function replyErrorOf(error: unknown): ReplyError {
  if (error instanceof ReplyFailure) {
    return { code: error.code, message: redact(error.message).slice(0, 4_000), details: error.details };
  }
  return { code: 'internal', message: redact(errorMessage(error)).slice(0, 4_000), details: null };
}

function replyTopicFor<Rep extends ReplyTopic>(requested: string | undefined, fallback: Rep): Rep {
  if (!requested || requested === fallback || !isTopicName(requested)) return fallback;
  return topicDefinition(requested).schema === topicDefinition(fallback).schema
    ? (requested as Rep)
    : fallback;
}
