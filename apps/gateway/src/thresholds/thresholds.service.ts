import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AnalysisThresholds,
  deriveEventId,
  EventPublisher,
  Queryable,
  queryRows,
  ThresholdsChanged,
} from '@flowpilot/shared';
import { ThresholdsRepository } from './thresholds.repository';

/** What the service needs of the data source: one transaction at a time. */
export interface Transactions {
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** Serialises concurrent updates across gateway replicas (two PUTs must not both take revision n + 1). */
const THRESHOLDS_LOCK = 73_190_001;

@Injectable()
export class ThresholdsService {
  constructor(
    @Inject(DataSource) private readonly db: Transactions,
    @Inject(ThresholdsRepository)
    private readonly thresholds: Pick<ThresholdsRepository, 'current' | 'apply'>,
    @Inject(EventPublisher) private readonly publisher: Pick<EventPublisher, 'publish'>,
  ) {}

  async current(): Promise<ThresholdsChanged> {
    return (
      (await this.thresholds.current()) ?? {
        revision: 0,
        changedAt: new Date(0).toISOString(),
        changedBy: null,
        thresholds: {},
      }
    );
  }

  /**
   * Publishes the new overrides (the analyzer applies them without a restart)
   * and records them. The snapshot replaces the previous one: a field left out
   * falls back to the analyzer's start-up setting.
   */
  async replace(thresholds: AnalysisThresholds, changedBy: string | null): Promise<ThresholdsChanged> {
    return this.db.transaction(async (tx) => {
      await queryRows(tx, `SELECT pg_advisory_xact_lock($1)`, [THRESHOLDS_LOCK]);
      const previous = await this.thresholds.current(tx);
      const next: ThresholdsChanged = {
        revision: (previous?.revision ?? 0) + 1,
        changedAt: new Date().toISOString(),
        changedBy,
        thresholds,
      };
      // Published before the commit: if the commit fails, the gateway's own consumer records the revision from the topic.
      await this.publisher.publish('settings.thresholds.v1', next, {
        eventId: deriveEventId('settings.thresholds', String(next.revision)),
      });
      await this.thresholds.apply(tx, next);
      return next;
    });
  }
}
