import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppLogger, ContextLogger, errorMessage } from '@flowpilot/shared';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';
import { displayPrefix, generateApiKey, hashApiKey, sameHash } from './api-key.util';
import { Scope } from './scopes';

export interface ApiKeyPrincipal {
  id: string;
  name: string;
  scopes: Scope[];
}

export interface IssuedApiKey {
  record: ApiKeyRecord;
  /** The key itself: returned once, never stored. */
  key: string;
}

/** Authenticated keys are remembered briefly so a busy client costs no query per request. */
const CACHE_TTL_MS = 10_000;
/** `last_used_at` is written at most this often per key. */
const TOUCH_INTERVAL_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;

/** The repository methods the service uses. */
export type ApiKeyStore = Pick<
  ApiKeyRepository,
  'findByHash' | 'touch' | 'insert' | 'insertIfAbsent' | 'revoke' | 'list' | 'findById'
>;

@Injectable()
export class ApiKeyService {
  private readonly cache = new Map<
    string,
    { principal: ApiKeyPrincipal | null; hash: Buffer; expiresAt: number }
  >();
  private readonly touchedAt = new Map<string, number>();
  private readonly logger: ContextLogger;

  constructor(
    @Inject(ApiKeyRepository) private readonly keys: ApiKeyStore,
    @Inject(AppLogger) logger: AppLogger,
  ) {
    this.logger = logger.forContext('ApiKeys');
  }

  async issue(name: string, scopes: Scope[]): Promise<IssuedApiKey> {
    const key = generateApiKey();
    const record = await this.keys.insert({
      id: randomUUID(),
      name,
      keyHash: hashApiKey(key),
      keyPrefix: displayPrefix(key),
      scopes,
    });
    return { record, key };
  }

  /** Makes sure an admin key with this exact value exists (the operator's bootstrap key). */
  async ensureAdminKey(key: string): Promise<boolean> {
    return this.keys.insertIfAbsent({
      id: randomUUID(),
      name: 'bootstrap admin (GATEWAY_BOOTSTRAP_ADMIN_KEY)',
      keyHash: hashApiKey(key),
      keyPrefix: displayPrefix(key),
      scopes: ['admin'],
    });
  }

  /** The key's owner, or null for an unknown or revoked key. */
  async authenticate(key: string, now: number = Date.now()): Promise<ApiKeyPrincipal | null> {
    const hash = hashApiKey(key);
    const cacheKey = hash.toString('hex');
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt > now && sameHash(cached.hash, hash)) return cached.principal;
    const record = await this.keys.findByHash(hash);
    const valid = record !== null && record.revokedAt === null && sameHash(record.keyHash, hash);
    const principal = valid ? { id: record.id, name: record.name, scopes: record.scopes } : null;
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(cacheKey, { principal, hash, expiresAt: now + CACHE_TTL_MS });
    if (principal) this.touch(principal.id, now);
    return principal;
  }

  async revoke(id: string): Promise<ApiKeyRecord | null> {
    const record = await this.keys.revoke(id);
    // Revocation takes effect at once in this process; other replicas drop the key within CACHE_TTL_MS.
    if (record) this.cache.delete(record.keyHash.toString('hex'));
    return record;
  }

  list(
    includeRevoked: boolean,
    limit: number,
    offset: number,
  ): Promise<{ rows: ApiKeyRecord[]; total: number }> {
    return this.keys.list(includeRevoked, limit, offset);
  }

  get(id: string): Promise<ApiKeyRecord | null> {
    return this.keys.findById(id);
  }

  /**
   * `last_used_at` is bookkeeping: the request is already authenticated, so a failed write is logged
   * (redacted by the logger) and retried on a later request instead of turning a valid call into a 500.
   */
  private touch(id: string, now: number): void {
    if (now - (this.touchedAt.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.touchedAt.set(id, now);
    this.keys.touch(id).catch((error: unknown) => {
      this.touchedAt.delete(id);
      this.logger.warn('could not record the API key last use', { apiKeyId: id, error: errorMessage(error) });
    });
  }
}
