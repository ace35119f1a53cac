import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';

/** Deletes in batches: one huge DELETE would hold its locks and bloat the WAL for as long as it runs. */
const BATCH_SIZE = 5_000;

/** The deletes behind the gateway's retention settings. */
@Injectable()
export class RetentionRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Delivered and cancelled deliveries created before `before`, with their attempt logs (ON DELETE CASCADE). */
  async pruneFinishedDeliveries(before: Date): Promise<number> {
    return this.inBatches(
      `DELETE FROM webhook_outbox WHERE id IN (
         SELECT id FROM webhook_outbox WHERE status IN ('delivered', 'cancelled') AND created_at < $1 LIMIT $2)
       RETURNING 1`,
      before,
    );
  }

  private async inBatches(sql: string, before: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = (await queryRows(this.db, sql, [before, BATCH_SIZE])).length;
      total += deleted;
      if (deleted < BATCH_SIZE) return total;
    }
  }
}
