import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { Scope } from './scopes';

export interface ApiKeyRecord {
  id: string;
  name: string;
  keyHash: Buffer;
  keyPrefix: string;
  scopes: Scope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  key_hash: Buffer;
  key_prefix: string;
  scopes: Scope[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toRecord = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  name: row.name,
  keyHash: row.key_hash,
  keyPrefix: row.key_prefix,
  scopes: row.scopes,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async insert(key: Omit<ApiKeyRecord, 'createdAt' | 'lastUsedAt' | 'revokedAt'>): Promise<ApiKeyRecord> {
    const rows = await queryRows<ApiKeyRow>(
      this.db,
      `INSERT INTO api_keys (id, name, key_hash, key_prefix, scopes) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [key.id, key.name, key.keyHash, key.keyPrefix, key.scopes],
    );
    return toRecord(rows[0]);
  }

  /** Inserts the key unless one with the same hash exists; an existing revoked key stays revoked. */
  async insertIfAbsent(key: Omit<ApiKeyRecord, 'createdAt' | 'lastUsedAt' | 'revokedAt'>): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      this.db,
      `INSERT INTO api_keys (id, name, key_hash, key_prefix, scopes) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key_hash) DO NOTHING RETURNING id`,
      [key.id, key.name, key.keyHash, key.keyPrefix, key.scopes],
    );
    return rows.length > 0;
  }

  async findByHash(hash: Buffer): Promise<ApiKeyRecord | null> {
    const rows = await queryRows<ApiKeyRow>(this.db, `SELECT * FROM api_keys WHERE key_hash = $1`, [hash]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    const rows = await queryRows<ApiKeyRow>(this.db, `SELECT * FROM api_keys WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(
    includeRevoked: boolean,
    limit: number,
    offset: number,
  ): Promise<{ rows: ApiKeyRecord[]; total: number }> {
    const where = includeRevoked ? '' : 'WHERE revoked_at IS NULL';
    const rows = await queryRows<ApiKeyRow & { total: string }>(
      this.db,
      `SELECT *, count(*) OVER () AS total FROM api_keys ${where} ORDER BY created_at DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    const total = rows[0] ? Number(rows[0].total) : await this.count(where);
    return { rows: rows.map(toRecord), total };
  }

  async revoke(id: string): Promise<ApiKeyRecord | null> {
    const rows = await queryRows<ApiKeyRow>(
      this.db,
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING *`,
      [id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async touch(id: string): Promise<void> {
    await queryRows(this.db, `UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [id]);
  }

  private async count(where: string): Promise<number> {
    const rows = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM api_keys ${where}`);
    return Number(rows[0].n);
  }
}
