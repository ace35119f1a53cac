import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AnalysisThresholds, AnalysisThresholdsSchema, ThresholdsChanged } from '@flowpilot/shared';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { ApiKeyPrincipal } from '../auth/api-key.service';
import { CurrentApiKey } from '../auth/current-api-key.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiAnswers, ApiJsonBody } from '../http/openapi.util';
import { validated } from '../http/zod-validation.pipe';
import { ThresholdsService } from './thresholds.service';

const THRESHOLDS_EXAMPLE = {
  anomalyZScore: 3,
  minSamples: 30,
  lookbackDays: 7,
  slaThresholdHours: 24,
  slaAtRiskShare: 0.8,
  slaTargets: { processes: { invoice: 'P2D' }, userTasks: { 'invoice:approveInvoice': 'PT8H' } },
};

@ApiTags('thresholds')
@ApiSecurity('api-key')
@Controller('api/v1/thresholds')
export class ThresholdsController {
  constructor(
    @Inject(ThresholdsService) private readonly thresholds: ThresholdsService,
    @Inject(AuditLogRepository) private readonly audit: AuditLogRepository,
  ) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({
    summary: 'The analysis threshold overrides in force (revision 0 and `{}`: start-up settings everywhere).',
  })
  @ApiAnswers(200, 'The thresholds', {
    revision: 4,
    changedAt: '2026-11-22T05:00:00.000Z',
    changedBy: 'ops admin',
    thresholds: THRESHOLDS_EXAMPLE,
  })
  current(): Promise<ThresholdsChanged> {
    return this.thresholds.current();
  }

  @Put()
  @RequireScope('admin')
  @ApiOperation({
    summary:
      'Replace the overrides. Published on `settings.thresholds.v1`; the analyzer applies them without a restart. Omitted fields fall back to its start-up settings.',
  })
  @ApiJsonBody(AnalysisThresholdsSchema, THRESHOLDS_EXAMPLE)
  @ApiAnswers(200, 'The new revision', {
    revision: 5,
    changedAt: '2026-11-22T05:05:00.000Z',
    changedBy: 'ops admin',
    thresholds: THRESHOLDS_EXAMPLE,
  })
  async replace(
    @Body(validated(AnalysisThresholdsSchema.strict())) body: AnalysisThresholds,
    @CurrentApiKey() caller: ApiKeyPrincipal | null,
  ): Promise<ThresholdsChanged> {
    const next = await this.thresholds.replace(body, caller?.name ?? null);
    await this.audit.record({
      apiKeyId: caller?.id ?? null,
      action: 'thresholds.replace',
      target: `revision:${next.revision}`,
      outcome: 'succeeded',
      details: { thresholds: body },
    });
    return next;
  }
}
