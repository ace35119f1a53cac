import { Queryable } from '@flowpilot/shared';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';

export type JudgementKind = 'bottlenecks' | 'job-failure-risk' | 'leaderboard' | 'health';

/** The last result of each report (what the gateway shows), with a fingerprint to tell a changed one. */
@Injectable()
export class JudgementResultsRepository {
  /**
   * Stores the result when its content (without `computedAt`) differs from
   * the stored one; true when it did, i.e. when it is news to publish.
   */
  async saveIfChanged(
    q: Queryable,
    kind: JudgementKind,
    key: string,
    payload: { computedAt: string },
  ): Promise<boolean> {
    const { computedAt, ...content } = payload;
    const fingerprint = createHash('sha1').update(JSON.stringify(content)).digest('hex');
    const rows = await q.query<unknown[]>(
      `INSERT INTO analysis_results (kind, result_key, fingerprint, payload, computed_at) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (kind, result_key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, payload = EXCLUDED.payload,
         computed_at = EXCLUDED.computed_at
       WHERE analysis_results.fingerprint <> EXCLUDED.fingerprint
       RETURNING 1`,
      [kind, key, fingerprint, JSON.stringify(payload), computedAt],
    );
    return rows.length === 1;
  }
}
