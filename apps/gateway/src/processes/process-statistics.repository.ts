import { Inject, Injectable } from '@nestjs/common';
import { Queryable, queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type {
  LeaderboardEntry,
  LeaderboardReport,
  ProcessInstanceCompleted,
  ProcessInstanceStarted,
} from '@flowpilot/shared';
import { Conditions, pageRows } from '../database/page-rows.util';
import { csvQuery, Paged, pagingQuery, sortQuery } from '../http/paging';

export const StatisticsQuerySchema = z.strictObject({
  ...pagingQuery,
  nodeId: csvQuery(z.string().min(1).max(100)).optional(),
  processDefinitionKey: csvQuery(z.string().min(1).max(255)).optional(),
  sort: sortQuery(
    {
      completed: 'completed',
      started: 'started',
      averageDurationMs: 'average_duration_ms',
      maxDurationMs: 'max_duration_ms',
      openIncidents: 'open_incidents',
      processDefinitionKey: 'process_definition_key',
    },
    '-completed',
  ),
});
export type StatisticsQuery = z.output<typeof StatisticsQuerySchema>;

export const LeaderboardQuerySchema = z.strictObject({
  nodeId: csvQuery(z.string().min(1).max(100)).optional(),
});

export interface ProcessStatisticsView {
  processDefinitionKey: string;
  nodeIds: string[];
  started: number;
  completed: number;
  /** Started and not yet seen completing. */
  running: number;
  averageDurationMs: number | null;
  minDurationMs: number | null;
  maxDurationMs: number | null;
  openIncidents: number;
  lastStartedAt: string | null;
  lastCompletedAt: string | null;
}

export interface LeaderboardView extends LeaderboardEntry {
  nodeId: string;
  windowDays: number;
  computedAt: string;
}

interface StatisticsRow {
  process_definition_key: string;
  node_ids: string[];
  started: string;
  completed: string;
  average_duration_ms: number | null;
  min_duration_ms: number | null;
  max_duration_ms: number | null;
  open_incidents: string;
  last_started_at: Date | null;
  last_completed_at: Date | null;
}

/** One (node, definition) row of a batch, folded in memory before its upsert. */
interface FoldedStatistics {
  nodeId: string;
  processDefinitionKey: string;
  started: number;
  completed: number;
  totalMs: number;
  minMs: number | null;
  maxMs: number | null;
  lastStartedAt: string | null;
  lastCompletedAt: string | null;
}

function latest(a: string | null, b: string): string {
  return a === null || Date.parse(b) > Date.parse(a) ? b : a;
}

/** Folds facts per (node, definition); rows come out in key order so concurrent batches lock them in the same order. */
function foldPerDefinition<F extends { processDefinitionKey: string }>(
  facts: readonly { nodeId: string; fact: F }[],
  add: (row: FoldedStatistics, item: { nodeId: string; fact: F }) => void,
): FoldedStatistics[] {
  const rows = new Map<string, FoldedStatistics>();
  for (const item of facts) {
    const id = `${item.nodeId}\u0000${item.fact.processDefinitionKey}`;
    const row = rows.get(id) ?? {
      nodeId: item.nodeId,
      processDefinitionKey: item.fact.processDefinitionKey,
      started: 0,
      completed: 0,
      totalMs: 0,
      minMs: null,
      maxMs: null,
      lastStartedAt: null,
      lastCompletedAt: null,
    };
    add(row, item);
    rows.set(id, row);
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** Counts and durations per process definition and node, from process started/completed facts. */
@Injectable()
export class ProcessStatisticsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Counts a batch of starts: one upsert, folded per (node, definition). */
  async applyStarted(
    tx: Queryable,
    starts: readonly { nodeId: string; fact: ProcessInstanceStarted }[],
  ): Promise<void> {
    const folded = foldPerDefinition(starts, (row, { fact }) => {
      row.started += 1;
      row.lastStartedAt = latest(row.lastStartedAt, fact.startedAt);
    });
    if (folded.length === 0) return;
    await queryRows(
      tx,
      `INSERT INTO process_statistics (node_id, process_definition_key, started, last_started_at)
       SELECT n, p, s, l FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[]) WITH ORDINALITY AS u(n, p, s, l, o) ORDER BY o
       ON CONFLICT (node_id, process_definition_key) DO UPDATE SET started = process_statistics.started + EXCLUDED.started,
         last_started_at = greatest(process_statistics.last_started_at, EXCLUDED.last_started_at)`,
      [
        folded.map((r) => r.nodeId),
        folded.map((r) => r.processDefinitionKey),
        folded.map((r) => r.started),
        folded.map((r) => r.lastStartedAt),
      ],
    );
  }

  /** Counts a batch of completions with their durations: one upsert, folded per (node, definition). */
  async applyCompleted(
    tx: Queryable,
    ends: readonly { nodeId: string; fact: ProcessInstanceCompleted }[],
  ): Promise<void> {
    const folded = foldPerDefinition(ends, (row, { fact }) => {
      row.completed += 1;
      row.totalMs += fact.durationMs;
      row.minMs = row.minMs === null ? fact.durationMs : Math.min(row.minMs, fact.durationMs);
      row.maxMs = row.maxMs === null ? fact.durationMs : Math.max(row.maxMs, fact.durationMs);
      row.lastCompletedAt = latest(row.lastCompletedAt, fact.endedAt);
    });
    if (folded.length === 0) return;
    await queryRows(
      tx,
      `INSERT INTO process_statistics (node_id, process_definition_key, completed, total_duration_ms, min_duration_ms, max_duration_ms, last_completed_at)
       SELECT n, p, c, t, mn, mx, l FROM unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $5::float8[], $6::float8[], $7::timestamptz[])
         WITH ORDINALITY AS u(n, p, c, t, mn, mx, l, o) ORDER BY o
       ON CONFLICT (node_id, process_definition_key) DO UPDATE SET completed = process_statistics.completed + EXCLUDED.completed,
         total_duration_ms = process_statistics.total_duration_ms + EXCLUDED.total_duration_ms,
         min_duration_ms = least(process_statistics.min_duration_ms, EXCLUDED.min_duration_ms),
         max_duration_ms = greatest(process_statistics.max_duration_ms, EXCLUDED.max_duration_ms),
         last_completed_at = greatest(process_statistics.last_completed_at, EXCLUDED.last_completed_at)`,
      [
        folded.map((r) => r.nodeId),
        folded.map((r) => r.processDefinitionKey),
        folded.map((r) => r.completed),
        folded.map((r) => r.totalMs),
        folded.map((r) => r.minMs),
        folded.map((r) => r.maxMs),
        folded.map((r) => r.lastCompletedAt),
      ],
    );
  }

  async applyLeaderboard(tx: Queryable, nodeId: string, p: LeaderboardReport): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO leaderboards (node_id, report, computed_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (node_id) DO UPDATE SET report = EXCLUDED.report, computed_at = EXCLUDED.computed_at
       WHERE leaderboards.computed_at <= EXCLUDED.computed_at`,
      [nodeId, JSON.stringify(p), p.computedAt],
    );
  }

  /** Summed over the selected nodes, one row per process definition. */
  async statistics(query: StatisticsQuery): Promise<Paged<ProcessStatisticsView>> {
    const where = new Conditions()
      .add('s.node_id = ANY(?)', query.nodeId)
      .add('s.process_definition_key = ANY(?)', query.processDefinitionKey);
    const from = `(
      SELECT s.process_definition_key, array_agg(DISTINCT s.node_id ORDER BY s.node_id) AS node_ids,
        sum(s.started) AS started, sum(s.completed) AS completed,
        CASE WHEN sum(s.completed) > 0 THEN sum(s.total_duration_ms) / sum(s.completed) END AS average_duration_ms,
        min(s.min_duration_ms) AS min_duration_ms, max(s.max_duration_ms) AS max_duration_ms,
        (SELECT count(*) FROM incidents i WHERE i.status = 'open' AND i.process_definition_key = s.process_definition_key
           AND i.node_id = ANY(array_agg(s.node_id))) AS open_incidents,
        max(s.last_started_at) AS last_started_at, max(s.last_completed_at) AS last_completed_at
      FROM process_statistics s ${where.where()} GROUP BY s.process_definition_key
    ) stats`;
    const { rows, total } = await pageRows<StatisticsRow>(
      this.db,
      {
        select: '*',
        from,
        orderBy: `${query.sort.column} ${query.sort.direction} NULLS LAST, process_definition_key`,
      },
      where.params,
      query.limit,
      query.offset,
    );
    return {
      data: rows.map((r) => ({
        processDefinitionKey: r.process_definition_key,
        nodeIds: r.node_ids,
        started: Number(r.started),
        completed: Number(r.completed),
        running: Math.max(0, Number(r.started) - Number(r.completed)),
        averageDurationMs: r.average_duration_ms === null ? null : Math.round(r.average_duration_ms),
        minDurationMs: r.min_duration_ms,
        maxDurationMs: r.max_duration_ms,
        openIncidents: Number(r.open_incidents),
        lastStartedAt: r.last_started_at?.toISOString() ?? null,
        lastCompletedAt: r.last_completed_at?.toISOString() ?? null,
      })),
      page: { limit: query.limit, offset: query.offset, total },
    };
  }

  /** The analyzer's latest leaderboard of each node, entries ranked by score then throughput across nodes. */
  async leaderboard(nodeIds?: string[]): Promise<LeaderboardView[]> {
    const where = new Conditions().add('node_id = ANY(?)', nodeIds);
    const rows = await queryRows<{ node_id: string; report: LeaderboardReport }>(
      this.db,
      `SELECT node_id, report FROM leaderboards ${where.where()}`,
      where.params,
    );
    return rows
      .flatMap((r) =>
        r.report.entries.map((e) => ({
          ...e,
          nodeId: r.node_id,
          windowDays: r.report.windowDays,
          computedAt: r.report.computedAt,
        })),
      )
      .sort(
        (a, b) =>
          b.score - a.score ||
          b.throughputPerDay - a.throughputPerDay ||
          a.processDefinitionKey.localeCompare(b.processDefinitionKey),
      );
  }
}
