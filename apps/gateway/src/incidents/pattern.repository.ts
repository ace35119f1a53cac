import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { INCIDENT_FAMILIES, IncidentPattern, PATTERN_TRENDS, Queryable, queryRows } from '@flowpilot/shared';
import { Conditions, pageRows } from '../database/page-rows.util';
import { csvQuery, Paged, pagingQuery, sortQuery } from '../http/paging';

export const PatternListQuerySchema = z.strictObject({
  ...pagingQuery,
  family: csvQuery(z.enum(INCIDENT_FAMILIES)).optional(),
  trend: csvQuery(z.enum(PATTERN_TRENDS)).optional(),
  sort: sortQuery({ count: 'count', lastSeenAt: 'last_seen_at', family: 'family' }, '-count'),
});
export type PatternListQuery = z.output<typeof PatternListQuerySchema>;

/** Incident patterns as incident-ai last described them (each message is the pattern's full current state). */
@Injectable()
export class PatternRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async apply(tx: Queryable, p: IncidentPattern): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO incident_patterns (pattern_id, family, count, trend, last_seen_at, payload) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (pattern_id) DO UPDATE SET family = EXCLUDED.family, count = EXCLUDED.count, trend = EXCLUDED.trend,
         last_seen_at = EXCLUDED.last_seen_at, payload = EXCLUDED.payload
       WHERE incident_patterns.last_seen_at <= EXCLUDED.last_seen_at`,
      [p.patternId, p.family, p.count, p.trend, p.lastSeenAt, JSON.stringify(p)],
    );
  }

  async list(query: PatternListQuery): Promise<Paged<IncidentPattern>> {
    const where = new Conditions().add('family = ANY(?)', query.family).add('trend = ANY(?)', query.trend);
    const { rows, total } = await pageRows<{ payload: IncidentPattern }>(
      this.db,
      {
        select: 'payload',
        from: `incident_patterns ${where.where()}`,
        orderBy: `${query.sort.column} ${query.sort.direction}, pattern_id`,
      },
      where.params,
      query.limit,
      query.offset,
    );
    return { data: rows.map((r) => r.payload), page: { limit: query.limit, offset: query.offset, total } };
  }

  async get(patternId: string): Promise<IncidentPattern | null> {
    const rows = await queryRows<{ payload: IncidentPattern }>(
      this.db,
      `SELECT payload FROM incident_patterns WHERE pattern_id = $1`,
      [patternId],
    );
    return rows[0]?.payload ?? null;
  }
}
