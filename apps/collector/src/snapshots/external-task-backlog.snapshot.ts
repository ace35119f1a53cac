import type { ExternalTaskBacklog } from '@flowpilot/shared';
import type { CollectorCamundaApi } from '../engine/collector-camunda.api';
import type { EngineDatabase } from '../engine/engine-database';
import type { SnapshotMarkStore } from '../persistence/snapshot-mark.store';
import { PeriodicSnapshot, SnapshotParts } from './periodic-snapshot';

type TopicBacklog = ExternalTaskBacklog['topics'][number];

/** Reads the backlog per topic: one grouped query on ACT_RU_EXT_TASK, or REST counts per topic. */
export interface BacklogReader {
  read(): Promise<TopicBacklog[]>;
}

export class SqlBacklogReader implements BacklogReader {
  constructor(
    private readonly db: EngineDatabase,
    private readonly timeZone: string,
  ) {}

  async read(): Promise<TopicBacklog[]> {
    // "Now" in the engine's zone, since its lock expiry times are written zone-less in that zone.
    const rows = await this.db.query<{
      topic: string;
      open: string;
      locked: string;
      without_retries: string;
      oldest_open: Date | null;
    }>(
      `WITH t AS (
         SELECT topic_name_, retries_, create_time_,
                (lock_exp_time_ IS NOT NULL AND lock_exp_time_ > (now() AT TIME ZONE $1)) AS is_locked,
                suspension_state_ = 1 AS is_active
           FROM act_ru_ext_task)
       SELECT topic_name_ AS topic,
              count(*) FILTER (WHERE NOT is_locked AND (retries_ IS NULL OR retries_ > 0) AND is_active) AS open,
              count(*) FILTER (WHERE is_locked) AS locked,
              count(*) FILTER (WHERE retries_ = 0) AS without_retries,
              min(create_time_ AT TIME ZONE $1) FILTER (WHERE NOT is_locked AND (retries_ IS NULL OR retries_ > 0) AND is_active) AS oldest_open
         FROM t GROUP BY topic_name_ ORDER BY topic_name_`,
      [this.timeZone],
    );
    return rows.map((r) => ({
      topicName: r.topic,
      open: Number(r.open),
      locked: Number(r.locked),
      withoutRetries: Number(r.without_retries),
      oldestOpenCreatedAt: r.oldest_open ? r.oldest_open.toISOString() : null,
    }));
  }
}

export class RestBacklogReader implements BacklogReader {
  constructor(
    private readonly api: CollectorCamundaApi,
    private readonly pageSize: number,
  ) {}

  async read(): Promise<TopicBacklog[]> {
    const topics = await this.api.externalTaskTopics(this.pageSize);
    return Promise.all(
      topics.map(async (topicName) => ({
        topicName,
        ...(await this.api.externalTaskCounts(topicName)),
        oldestOpenCreatedAt: null,
      })),
    );
  }
}

export interface ExternalTaskBacklogParts extends SnapshotParts {
  reader: BacklogReader;
  marks: Pick<SnapshotMarkStore, 'load' | 'save'>;
  /** Published at least this often, changed or not. */
  heartbeatMs: number;
}

/**
 * Publishes the backlog when it changed, and at least every `heartbeatMs` so a
 * consumer that starts late still learns the current figures.
 */
export class ExternalTaskBacklogSnapshot extends PeriodicSnapshot {
  readonly kind = 'external-task-backlog';

  constructor(private readonly parts: ExternalTaskBacklogParts) {
    super(parts);
  }

  protected async collect(): Promise<void> {
    const { nodeId, reader, marks, publisher, heartbeatMs } = this.parts;
    const topics = await reader.read();
    const totals = topics.reduce(
      (sum, t) => ({
        open: sum.open + t.open,
        locked: sum.locked + t.locked,
        withoutRetries: sum.withoutRetries + t.withoutRetries,
      }),
      { open: 0, locked: 0, withoutRetries: 0 },
    );
    const fingerprint = JSON.stringify(topics.map((t) => [t.topicName, t.open, t.locked, t.withoutRetries]));
    const mark = await marks.load(nodeId, this.kind);
    const now = new Date(this.now());
    if (mark && mark.fingerprint === fingerprint && now.getTime() - mark.publishedAt.getTime() < heartbeatMs)
      return;
    await publisher.publish(
      'camunda.external-task.backlog.v1',
      { observedAt: now.toISOString(), topics, totals },
      { nodeId },
    );
    await marks.save(nodeId, this.kind, { fingerprint, publishedAt: now });
  }
}
