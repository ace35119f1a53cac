import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import {
  AppLogger,
  BpmnCommand,
  BpmnResultOf,
  EventPublisher,
  KafkaRequestClient,
  ReplyError,
} from '@flowpilot/shared';
import { BpmnRequestSettings } from '../gateway.settings';

export type BpmnAnswer<T extends BpmnCommand['type']> =
  { ok: true; result: BpmnResultOf<T> } | { ok: false; error: ReplyError };

/** Asks the bpmn-generator over Kafka (`bpmn.request.v1` → `bpmn.reply.v1`); its own reply group per process. */
@Injectable()
export class BpmnRequestClient implements OnApplicationShutdown {
  private readonly client: KafkaRequestClient<'bpmn.request.v1', 'bpmn.reply.v1'>;

  constructor(
    @Inject(BpmnRequestSettings) settings: BpmnRequestSettings,
    @Inject(Kafka) kafka: Kafka,
    @Inject(EventPublisher) publisher: EventPublisher,
    @Inject(AppLogger) logger: AppLogger,
  ) {
    this.client = new KafkaRequestClient({
      kafka,
      publisher,
      requestTopic: 'bpmn.request.v1',
      replyTopic: 'bpmn.reply.v1',
      groupId: `${settings.kafkaGroupPrefix}.gateway.replies.${hostname()}-${randomUUID().slice(0, 8)}`,
      defaultTimeoutMs: settings.replyTimeoutMs,
      logger: logger.forContext('BpmnRequestClient'),
    });
  }

  async ask<C extends BpmnCommand>(command: C): Promise<BpmnAnswer<C['type']>> {
    const reply = await this.client.request(command);
    return reply.ok
      ? { ok: true, result: reply.result as BpmnResultOf<C['type']> }
      : { ok: false, error: reply.error };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.stop();
  }
}
