import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnalysisSettings } from '../incident-ai.settings';
import type { IncidentFamily } from '@flowpilot/shared';
import type { LlmAnswer } from '../llm/llm-answer.schema';
import { IncidentPatternEntity } from './incident-pattern.entity';
import { PatternTrend, trendOf } from './pattern-trend.util';

export interface Occurrence {
  patternId: string;
  signature: string;
  family: IncidentFamily;
  incidentType: string;
  message: string | null;
  rootCause: string;
  confidence: number;
  nodeId: string;
  incidentId: string;
  processDefinitionKey: string | null;
  occurredAt: Date;
}

export interface PatternState {
  patternId: string;
  signature: string;
  family: IncidentFamily;
  incidentType: string;
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  recentCount: number;
  previousCount: number;
  trend: PatternTrend;
  nodeIds: string[];
  processDefinitionKeys: string[];
  sampleMessage: string | null;
  rootCause: string;
  confidence: number;
  llmAnswer: LlmAnswer | null;
  llmModel: string | null;
}

interface StatsRow {
  count: string;
  first_seen_at: Date;
  last_seen_at: Date;
  recent: string;
  previous: string;
  node_ids: string[];
  definition_keys: string[];
}

const MAX_LISTED = 100;
const HOUR_MS = 3_600_000;

/**
 * Patterns in incident-ai's schema. Recording is idempotent per (node, incident),
 * and counts, first/last seen and the trend are computed from the occurrences,
 * so a redelivered incident never counts twice.
 */
@Injectable()
export class PatternRepository {
  private readonly trendWindowMs: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AnalysisSettings) settings: Pick<AnalysisSettings, 'trendWindowHours'>,
  ) {
    this.trendWindowMs = settings.trendWindowHours * HOUR_MS;
  }

  async record(o: Occurrence): Promise<PatternState> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO incident_patterns (pattern_id, signature, family, incident_type, sample_message, root_cause, confidence, first_seen_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (pattern_id) DO UPDATE SET
           family = EXCLUDED.family, root_cause = EXCLUDED.root_cause, confidence = EXCLUDED.confidence,
           first_seen_at = LEAST(incident_patterns.first_seen_at, EXCLUDED.first_seen_at),
           last_seen_at = GREATEST(incident_patterns.last_seen_at, EXCLUDED.last_seen_at),
           updated_at = now()`,
        [
          o.patternId,
          o.signature,
          o.family,
          o.incidentType,
          o.message?.slice(0, 2_000) ?? null,
          o.rootCause,
          o.confidence,
          o.occurredAt,
        ],
      );
      await manager.query(
        `INSERT INTO incident_occurrences (node_id, incident_id, pattern_id, process_definition_key, occurred_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [o.nodeId, o.incidentId, o.patternId, o.processDefinitionKey, o.occurredAt],
      );
      const [stats]: StatsRow[] = await manager.query(
        `WITH o AS (SELECT * FROM incident_occurrences WHERE pattern_id = $1),
              ref AS (SELECT max(occurred_at) AS t FROM o)
         SELECT count(*) AS count, min(occurred_at) AS first_seen_at, max(occurred_at) AS last_seen_at,
                count(*) FILTER (WHERE occurred_at > ref.t - $2 * interval '1 millisecond') AS recent,
                count(*) FILTER (WHERE occurred_at <= ref.t - $2 * interval '1 millisecond'
                                   AND occurred_at > ref.t - 2 * $2 * interval '1 millisecond') AS previous,
                (array_agg(DISTINCT node_id))[1:${MAX_LISTED}] AS node_ids,
                (array_remove(array_agg(DISTINCT process_definition_key), NULL))[1:${MAX_LISTED}] AS definition_keys
         FROM o, ref GROUP BY ref.t`,
        [o.patternId, this.trendWindowMs],
      );
      const pattern = await manager.findOneByOrFail(IncidentPatternEntity, { patternId: o.patternId });
      const recentCount = Number(stats.recent);
      const previousCount = Number(stats.previous);
      return {
        patternId: pattern.patternId,
        signature: pattern.signature,
        family: pattern.family,
        incidentType: pattern.incidentType,
        count: Number(stats.count),
        firstSeenAt: stats.first_seen_at,
        lastSeenAt: stats.last_seen_at,
        recentCount,
        previousCount,
        trend: trendOf(
          recentCount,
          previousCount,
          stats.first_seen_at,
          stats.last_seen_at,
          this.trendWindowMs,
        ),
        nodeIds: stats.node_ids,
        processDefinitionKeys: stats.definition_keys,
        sampleMessage: pattern.sampleMessage,
        rootCause: pattern.rootCause,
        confidence: pattern.confidence,
        llmAnswer: pattern.llmAnswer,
        llmModel: pattern.llmModel,
      };
    });
  }

  /** Caches the LLM's validated answer on the pattern, so later incidents of it cost no LLM call. */
  async saveLlmAnswer(patternId: string, answer: LlmAnswer, model: string): Promise<void> {
    await this.dataSource
      .getRepository(IncidentPatternEntity)
      .update({ patternId }, { llmAnswer: answer, llmModel: model, updatedAt: new Date() });
  }

  /** Records the family and root cause finally published for the pattern (after the LLM, if it answered). */
  async updateConclusion(
    patternId: string,
    family: IncidentFamily,
    rootCause: string,
    confidence: number,
  ): Promise<void> {
    await this.dataSource
      .getRepository(IncidentPatternEntity)
      .update({ patternId }, { family, rootCause, confidence, updatedAt: new Date() });
  }
}
