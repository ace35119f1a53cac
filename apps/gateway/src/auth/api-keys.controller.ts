import { Body, Controller, Delete, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { ApiError } from '../http/api-error';
import { ApiAnswers, ApiJsonBody, ApiQueryOf } from '../http/openapi.util';
import { Paged } from '../http/paging';
import { validated } from '../http/zod-validation.pipe';
import { ApiKeyRecord } from './api-key.repository';
import {
  ApiKeyListQuery,
  ApiKeyListQuerySchema,
  CreateApiKeyCommand,
  CreateApiKeySchema,
} from './api-key.schemas';
import { ApiKeyPrincipal, ApiKeyService } from './api-key.service';
import { CurrentApiKey } from './current-api-key.decorator';
import { RequireScope } from './require-scope.decorator';

interface ApiKeyView {
  id: string;
  name: string;
  keyPrefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const view = (r: ApiKeyRecord): ApiKeyView => ({
  id: r.id,
  name: r.name,
  keyPrefix: r.keyPrefix,
  scopes: r.scopes,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

const KEY_EXAMPLE = {
  id: '1e0f6a0c-7d7b-4c47-9a0e-0b7f0b1c2d3e',
  name: 'grafana read-only',
  keyPrefix: 'fp_Q2x9Ab',
  scopes: ['read'],
  createdAt: '2026-11-22T05:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

const IdParamsSchema = z.object({ id: z.uuid({ error: 'must be a UUID' }) });

@ApiTags('api-keys')
@ApiSecurity('api-key')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
    @Inject(AuditLogRepository) private readonly audit: AuditLogRepository,
  ) {}

  @Post()
  @RequireScope('admin')
  @ApiOperation({ summary: 'Issue a key. The key is in this answer only; it is stored hashed.' })
  @ApiJsonBody(CreateApiKeySchema, { name: 'grafana read-only', scopes: ['read'] })
  @ApiAnswers(201, 'The key record and the key itself', { ...KEY_EXAMPLE, key: 'fp_Q2x9Ab…' })
  async create(
    @Body(validated(CreateApiKeySchema)) command: CreateApiKeyCommand,
    @CurrentApiKey() caller: ApiKeyPrincipal | null,
  ): Promise<ApiKeyView & { key: string }> {
    const { record, key } = await this.keys.issue(command.name, command.scopes);
    await this.audit.record({
      apiKeyId: caller?.id ?? null,
      action: 'api-key.create',
      target: record.id,
      outcome: 'succeeded',
      details: { name: record.name, scopes: record.scopes },
    });
    return { ...view(record), key };
  }

  @Get()
  @RequireScope('admin')
  @ApiOperation({ summary: 'Keys (never the keys themselves, only a prefix to tell them apart).' })
  @ApiQueryOf(ApiKeyListQuerySchema)
  @ApiAnswers(200, 'A page of keys', { data: [KEY_EXAMPLE], page: { limit: 50, offset: 0, total: 1 } })
  async list(@Query(validated(ApiKeyListQuerySchema)) query: ApiKeyListQuery): Promise<Paged<ApiKeyView>> {
    const { rows, total } = await this.keys.list(query.includeRevoked, query.limit, query.offset);
    return { data: rows.map(view), page: { limit: query.limit, offset: query.offset, total } };
  }

  @Get(':id')
  @RequireScope('admin')
  @ApiOperation({ summary: 'One key record.' })
  @ApiParam({ name: 'id', example: KEY_EXAMPLE.id })
  @ApiAnswers(200, 'The key record', KEY_EXAMPLE, [404])
  async get(@Param(validated(IdParamsSchema)) params: { id: string }): Promise<ApiKeyView> {
    const record = await this.keys.get(params.id);
    if (!record) throw ApiError.notFound('API key', params);
    return view(record);
  }

  @Delete(':id')
  @RequireScope('admin')
  @ApiOperation({ summary: 'Revoke a key (it answers 401 from then on). Revoking twice is harmless.' })
  @ApiParam({ name: 'id', example: KEY_EXAMPLE.id })
  @ApiAnswers(200, 'The revoked key record', { ...KEY_EXAMPLE, revokedAt: '2026-11-22T06:00:00.000Z' }, [404])
  async revoke(
    @Param(validated(IdParamsSchema)) params: { id: string },
    @CurrentApiKey() caller: ApiKeyPrincipal | null,
  ): Promise<ApiKeyView> {
    const record = await this.keys.revoke(params.id);
    if (!record) throw ApiError.notFound('API key', params);
    await this.audit.record({
      apiKeyId: caller?.id ?? null,
      action: 'api-key.revoke',
      target: record.id,
      outcome: 'succeeded',
      details: { name: record.name },
    });
    return view(record);
  }
}
