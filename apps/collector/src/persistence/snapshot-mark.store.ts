import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SnapshotMark {
  fingerprint: string;
  publishedAt: Date;
}

/** What each snapshot of a node last published, so unchanged figures are not repeated after a restart. */
@Injectable()
export class SnapshotMarkStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(nodeId: string, kind: string): Promise<SnapshotMark | null> {
    const rows: Array<{ fingerprint: string; published_at: Date }> = await this.dataSource.query(
      `SELECT fingerprint, published_at FROM snapshot_marks WHERE node = $1 AND kind = $2`,
      [nodeId, kind],
    );
    return rows[0] ? { fingerprint: rows[0].fingerprint, publishedAt: rows[0].published_at } : null;
  }

  async save(nodeId: string, kind: string, mark: SnapshotMark): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO snapshot_marks (node, kind, fingerprint, published_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (node, kind) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, published_at = EXCLUDED.published_at`,
      [nodeId, kind, mark.fingerprint, mark.publishedAt],
    );
  }

  /** Stalled instances already reported, with the progress time they were reported at. */
  async reportedStalls(nodeId: string, processInstanceIds: string[]): Promise<Map<string, string>> {
    if (processInstanceIds.length === 0) return new Map();
    const rows: Array<{ process_instance_id: string; last_progress_at: string }> =
      await this.dataSource.query(
        `SELECT process_instance_id, last_progress_at FROM stuck_instances WHERE node = $1 AND process_instance_id = ANY($2::text[])`,
        [nodeId, processInstanceIds],
      );
    return new Map(rows.map((r) => [r.process_instance_id, r.last_progress_at]));
  }

  async saveStall(nodeId: string, processInstanceId: string, lastProgressAt: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO stuck_instances (node, process_instance_id, last_progress_at) VALUES ($1, $2, $3)
       ON CONFLICT (node, process_instance_id) DO UPDATE SET last_progress_at = EXCLUDED.last_progress_at, reported_at = now()`,
      [nodeId, processInstanceId, lastProgressAt],
    );
  }
}
