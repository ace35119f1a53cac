import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { Paged } from '../http/paging';

export interface AuditEntry {
  apiKeyId: string | null;
  action: string;
  target: string | null;
  outcome: 'succeeded' | 'failed' | 'dry-run';
  details: Record<string, unknown>;
}

export interface AuditView extends AuditEntry {
  id: number;
  at: string;
}

/** Who did what with which key: remediation, key and subscription changes. Append-only. */
@Injectable()
export class AuditLogRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async record(entry: AuditEntry): Promise<void> {
    await queryRows(
      this.db,
      `INSERT INTO audit_log (api_key_id, action, target, outcome, details) VALUES ($1, $2, $3, $4, $5::jsonb)`,
      [entry.apiKeyId, entry.action, entry.target, entry.outcome, JSON.stringify(entry.details)],
    );
  }

  async list(limit: number, offset: number, action?: string): Promise<Paged<AuditView>> {
    const params: unknown[] = [limit, offset];
    const where = action ? `WHERE action = $${params.push(action)}` : '';
    const rows = await queryRows<{
      id: string;
      at: Date;
      api_key_id: string | null;
      action: string;
      target: string | null;
      outcome: AuditEntry['outcome'];
      details: Record<string, unknown>;
      total: string;
    }>(
      this.db,
      `SELECT *, count(*) OVER () AS total FROM audit_log ${where} ORDER BY at DESC, id DESC LIMIT $1 OFFSET $2`,
      params,
    );
    return {
      data: rows.map((r) => ({
        id: Number(r.id),
        at: r.at.toISOString(),
        apiKeyId: r.api_key_id,
        action: r.action,
        target: r.target,
        outcome: r.outcome,
        details: r.details,
      })),
      page: { limit, offset, total: rows[0] ? Number(rows[0].total) : 0 },
    };
  }
}
