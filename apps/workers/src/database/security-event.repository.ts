import { Injectable } from '@nestjs/common';
import { Queryable } from '@flowpilot/shared';

export interface SecurityEventDraft {
  dedupKey: string;
  userId: string;
  eventType: string;
  severity: 'INFO' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  action: string;
  details: Record<string, unknown>;
  processInstanceId: string | null;
}

/** The security audit trail: one row per validation, approval, restriction or verification a handler decided. */
@Injectable()
export class SecurityEventRepository {
  async record(db: Queryable, event: SecurityEventDraft): Promise<void> {
    await db.query(
      `INSERT INTO security_events (dedup_key, user_id, event_type, severity, action, details, process_instance_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedup_key) DO NOTHING`,
      [
        event.dedupKey,
        event.userId,
        event.eventType,
        event.severity,
        event.action,
        JSON.stringify(event.details),
        event.processInstanceId,
      ],
    );
  }

  async restrictionOf(db: Queryable, userId: string): Promise<string | null> {
    const rows = await db.query<{ restriction: string }[]>(
      `SELECT restriction FROM account_restrictions WHERE user_id = $1`,
      [userId],
    );
    return rows[0]?.restriction ?? null;
  }

  /** A lock is never downgraded to step-up authentication by a later, milder alert. */
  async restrict(
    db: Queryable,
    userId: string,
    restriction: 'LOCKED' | 'STEP_UP_AUTH',
    reason: string,
    processInstanceId: string | null,
  ): Promise<void> {
    await db.query(
      `INSERT INTO account_restrictions (user_id, restriction, reason, process_instance_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET restriction = EXCLUDED.restriction, reason = EXCLUDED.reason,
         process_instance_id = EXCLUDED.process_instance_id, updated_at = now()
       WHERE account_restrictions.restriction <> 'LOCKED' OR EXCLUDED.restriction = 'LOCKED'`,
      [userId, restriction, reason, processInstanceId],
    );
  }
}
