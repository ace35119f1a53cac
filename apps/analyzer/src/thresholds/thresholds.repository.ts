import { Injectable } from '@nestjs/common';
import { AnalysisThresholds, AnalysisThresholdsSchema, ThresholdsChanged } from '@flowpilot/shared';
import { DataSource } from 'typeorm';

export interface StoredOverrides {
  revision: number;
  thresholds: AnalysisThresholds;
}

@Injectable()
export class ThresholdsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(): Promise<StoredOverrides | null> {
    const rows: { revision: string; thresholds: unknown }[] = await this.dataSource.query(
      `SELECT revision, thresholds FROM threshold_overrides WHERE id = 1`,
    );
    if (rows.length === 0) return null;
    return {
      revision: Number(rows[0].revision),
      thresholds: AnalysisThresholdsSchema.parse(rows[0].thresholds),
    };
  }

  /** Stores the change unless a newer (or the same) revision is already stored; true when stored. */
  async saveIfNewer(change: ThresholdsChanged): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO threshold_overrides (id, revision, thresholds, changed_at, changed_by)
       VALUES (1, $1, $2::jsonb, $3, $4)
       ON CONFLICT (id) DO UPDATE SET revision = EXCLUDED.revision, thresholds = EXCLUDED.thresholds,
         changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by
       WHERE threshold_overrides.revision < EXCLUDED.revision
       RETURNING revision`,
      [change.revision, JSON.stringify(change.thresholds), change.changedAt, change.changedBy],
    );
    return rows.length === 1;
  }
}
