import { Inject, Injectable } from '@nestjs/common';
import { Queryable, queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import type { ThresholdsChanged } from '@flowpilot/shared';

interface ThresholdsRow {
  revision: number;
  changed_at: Date;
  changed_by: string | null;
  thresholds: ThresholdsChanged['thresholds'];
}

/** The thresholds in force: one row, the highest revision seen (from this gateway or from the topic). */
@Injectable()
export class ThresholdsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async current(runner: Queryable = this.db): Promise<ThresholdsChanged | null> {
    const rows = await queryRows<ThresholdsRow>(runner, `SELECT * FROM thresholds WHERE id = 1`);
    const row = rows[0];
    return row
      ? {
          revision: row.revision,
          changedAt: row.changed_at.toISOString(),
          changedBy: row.changed_by,
          thresholds: row.thresholds,
        }
      : null;
  }

  async apply(tx: Queryable, p: ThresholdsChanged): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO thresholds (id, revision, changed_at, changed_by, thresholds) VALUES (1, $1, $2, $3, $4::jsonb)
       ON CONFLICT (id) DO UPDATE SET revision = EXCLUDED.revision, changed_at = EXCLUDED.changed_at,
         changed_by = EXCLUDED.changed_by, thresholds = EXCLUDED.thresholds
       WHERE thresholds.revision < EXCLUDED.revision`,
      [p.revision, p.changedAt, p.changedBy, JSON.stringify(p.thresholds)],
    );
  }
}
