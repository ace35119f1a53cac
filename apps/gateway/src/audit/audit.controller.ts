import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiAnswers, ApiQueryOf } from '../http/openapi.util';
import { Paged, pagingQuery } from '../http/paging';
import { validated } from '../http/zod-validation.pipe';
import { AuditLogRepository, AuditView } from './audit-log.repository';

const AuditQuerySchema = z.strictObject({ ...pagingQuery, action: z.string().min(1).max(100).optional() });

@ApiTags('audit')
@ApiSecurity('api-key')
@Controller('api/v1/audit')
export class AuditController {
  constructor(@Inject(AuditLogRepository) private readonly audit: AuditLogRepository) {}

  @Get()
  @RequireScope('admin')
  @ApiOperation({
    summary:
      'Who did what: remediation dry runs and applies, threshold changes, API key changes (newest first).',
  })
  @ApiQueryOf(AuditQuerySchema, { action: 'remediation.apply' })
  @ApiAnswers(200, 'A page of audit entries', {
    data: [
      {
        id: 12,
        at: '2026-11-22T05:20:00.000Z',
        apiKeyId: '1e0f6a0c-7d7b-4c47-9a0e-0b7f0b1c2d3e',
        action: 'remediation.apply',
        target: 'node1/7f9c2a31',
        outcome: 'succeeded',
        details: {},
      },
    ],
    page: { limit: 50, offset: 0, total: 1 },
  })
  list(
    @Query(validated(AuditQuerySchema)) query: { limit: number; offset: number; action?: string },
  ): Promise<Paged<AuditView>> {
    return this.audit.list(query.limit, query.offset, query.action);
  }
}
