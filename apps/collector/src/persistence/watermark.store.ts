import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StreamCursor } from '../streams/stream-cursor.util';

export interface PublishedFact {
  id: string;
  ts: string;
}

/** A high-water mark and the time zone its timestamp is wall-clock time in (null: saved before that was kept). */
export interface StoredMark {
  cursor: StreamCursor;
  timeZone: string | null;
}

/** High-water marks and the late-commit window, per node and stream. */
export interface WatermarkStore {
  load(nodeId: string, stream: string): Promise<StoredMark | null>;
  /** Ids published with a timestamp at or after `sinceTs`. */
  recentIds(nodeId: string, stream: string, sinceTs: string): Promise<Set<string>>;
  /** Atomically: move the mark, remember the facts just published, forget those before `pruneBefore`. */
  commit(
    nodeId: string,
    stream: string,
    mark: { cursor: StreamCursor; timeZone: string },
    facts: PublishedFact[],
    pruneBefore: string,
  ): Promise<void>;
}

@Injectable()
export class PostgresWatermarkStore implements WatermarkStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(nodeId: string, stream: string): Promise<StoredMark | null> {
    const rows: Array<{ cursor_ts: string; cursor_id: string; cursor_time_zone: string | null }> =
      await this.dataSource.query(
        `SELECT cursor_ts, cursor_id, cursor_time_zone FROM stream_watermarks WHERE node = $1 AND stream = $2`,
        [nodeId, stream],
      );
    return rows[0]
      ? { cursor: { ts: rows[0].cursor_ts, id: rows[0].cursor_id }, timeZone: rows[0].cursor_time_zone }
      : null;
  }

  async recentIds(nodeId: string, stream: string, sinceTs: string): Promise<Set<string>> {
    const rows: Array<{ fact_id: string }> = await this.dataSource.query(
      `SELECT fact_id FROM recent_facts WHERE node = $1 AND stream = $2 AND cursor_ts >= $3`,
      [nodeId, stream, sinceTs],
    );
    return new Set(rows.map((r) => r.fact_id));
  }

  async commit(
    nodeId: string,
    stream: string,
    mark: { cursor: StreamCursor; timeZone: string },
    facts: PublishedFact[],
    pruneBefore: string,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO stream_watermarks (node, stream, cursor_ts, cursor_id, cursor_time_zone) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (node, stream) DO UPDATE SET cursor_ts = EXCLUDED.cursor_ts, cursor_id = EXCLUDED.cursor_id,
           cursor_time_zone = EXCLUDED.cursor_time_zone, updated_at = now()`,
        [nodeId, stream, mark.cursor.ts, mark.cursor.id, mark.timeZone],
      );
      if (facts.length > 0) {
        await manager.query(
          `INSERT INTO recent_facts (node, stream, fact_id, cursor_ts)
           SELECT $1, $2, f.id, f.ts FROM unnest($3::text[], $4::text[]) AS f(id, ts)
           ON CONFLICT DO NOTHING`,
          [nodeId, stream, facts.map((f) => f.id), facts.map((f) => f.ts)],
        );
      }
      await manager.query(`DELETE FROM recent_facts WHERE node = $1 AND stream = $2 AND cursor_ts < $3`, [
        nodeId,
        stream,
        pruneBefore,
      ]);
    });
  }
}
