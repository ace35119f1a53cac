import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { IncidentPattern } from '@flowpilot/shared';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiError } from '../http/api-error';
import { ApiAnswers, ApiQueryOf } from '../http/openapi.util';
import { Paged } from '../http/paging';
import { validated } from '../http/zod-validation.pipe';
import { PatternListQuery, PatternListQuerySchema, PatternRepository } from './pattern.repository';

const PATTERN_EXAMPLE = {
  patternId: 'p-3f2a9c',
  signature: 'failedJob|missing-variable|Unknown property used in expression: ${<var>}',
  family: 'missing-variable',
  incidentType: 'failedJob',
  count: 17,
  firstSeenAt: '2026-11-20T09:00:00.000Z',
  lastSeenAt: '2026-11-22T05:01:12.000Z',
  trend: 'rising',
  recentCount: 9,
  previousCount: 3,
  trendWindowHours: 24,
  nodeIds: ['node1', 'node2'],
  processDefinitionKeys: ['invoice'],
  lastIncidentId: '7f9c2a31-5b1e-11ef-9c1a-0242ac120002',
  sampleMessage: 'Unknown property used in expression: ${customerId}.',
  rootCause: 'Instances reach the task without the variable the expression reads.',
  confidence: 0.9,
};

@ApiTags('incidents')
@ApiSecurity('api-key')
@Controller('api/v1/patterns')
export class PatternsController {
  constructor(@Inject(PatternRepository) private readonly patterns: PatternRepository) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({
    summary:
      'Incident patterns (same normalised message across nodes and definitions) with counts and trend.',
  })
  @ApiQueryOf(PatternListQuerySchema, { trend: 'rising', sort: '-count' })
  @ApiAnswers(200, 'A page of patterns', {
    data: [PATTERN_EXAMPLE],
    page: { limit: 50, offset: 0, total: 1 },
  })
  list(@Query(validated(PatternListQuerySchema)) query: PatternListQuery): Promise<Paged<IncidentPattern>> {
    return this.patterns.list(query);
  }

  @Get(':patternId')
  @RequireScope('read')
  @ApiOperation({ summary: 'One pattern.' })
  @ApiParam({ name: 'patternId', example: PATTERN_EXAMPLE.patternId })
  @ApiAnswers(200, 'The pattern', PATTERN_EXAMPLE, [404])
  async get(
    @Param(validated(z.object({ patternId: z.string().min(1).max(64) }))) params: { patternId: string },
  ): Promise<IncidentPattern> {
    const found = await this.patterns.get(params.patternId);
    if (!found) throw ApiError.notFound('Pattern', params);
    return found;
  }
}
