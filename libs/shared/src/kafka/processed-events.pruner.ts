import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, PROCESSED_EVENT_STORE } from '../bootstrap/tokens';
import type { KafkaSettings } from '../config/common-settings';
import { TOPIC_NAMES, TopicName, topicDefinition } from '../contracts/topic-catalogue';
import { errorMessage } from '../errors/transient-error';
import { AppLogger, ContextLogger } from '../logging/app-logger';
import { PeriodicTask } from '../scheduling/periodic-task';
import { ProcessedEventStore } from './processed-event.store';

const DAY_MS = 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;
const BATCH_SIZE = 5_000;

/**
 * An event id only needs remembering while Kafka can still redeliver the
 * event: ids older than their topic's retention (plus a day) are dropped, so
 * the idempotency table does not grow with the engines' lifetime traffic.
 */
@Injectable()
export class ProcessedEventsPruner implements OnModuleInit, OnApplicationShutdown {
  private readonly task: PeriodicTask;
  private readonly log: ContextLogger;

  constructor(
    @Inject(PROCESSED_EVENT_STORE) private readonly store: ProcessedEventStore,
    logger: AppLogger,
    @Inject(APP_CONFIG) private readonly settings: Partial<KafkaSettings> = {},
  ) {
    this.log = logger.forContext('ProcessedEventsPruner');
    this.task = new PeriodicTask(
      PRUNE_EVERY_MS,
      () => this.prune(),
      (error) =>
        this.log.warn('pruning processed event ids failed; next try in an hour', {
          reason: errorMessage(error),
        }),
    );
  }

  onModuleInit(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  async prune(now = new Date()): Promise<number> {
    const removed = await pruneIdsPastTopicRetention(
      (topic, before) => this.store.prune(topic, before, BATCH_SIZE),
      now,
      this.settings.PROCESSED_EVENTS_EXTRA_RETENTION_DAYS,
    );
    if (removed > 0) this.log.info('forgot processed event ids past topic retention', { removed });
    return removed;
  }
}

/**
 * Runs `prune` once per catalogue topic with the instant before which its ids
 * may go: the topic's Kafka retention plus `extraDays` (at least one, so an id
 * is never forgotten while Kafka can still redeliver its event). Shared by
 * every service's processed-event ids.
 */
export async function pruneIdsPastTopicRetention(
  prune: (topic: TopicName, before: Date) => Promise<number>,
  now: Date,
  extraDays = 1,
): Promise<number> {
  let removed = 0;
  for (const topic of TOPIC_NAMES) {
    const keepMs = (topicDefinition(topic).retentionDays + Math.max(1, extraDays)) * DAY_MS;
    removed += await prune(topic, new Date(now.getTime() - keepMs));
  }
  return removed;
}
