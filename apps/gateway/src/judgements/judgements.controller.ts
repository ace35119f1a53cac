import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiAnswers, ApiQueryOf } from '../http/openapi.util';
import { Paged } from '../http/paging';
import { validated } from '../http/zod-validation.pipe';
import {
  JudgementReadRepository,
  AnomalyQuery,
  AnomalyQuerySchema,
  AnomalyView,
  BottleneckQuery,
  BottleneckQuerySchema,
  BottleneckView,
  RiskQuery,
  RiskQuerySchema,
  RiskView,
  SlaQuery,
  SlaQuerySchema,
  SlaView,
} from './judgement-read.repository';

const page = (item: unknown) => ({ data: [item], page: { limit: 50, offset: 0, total: 1 } });
const ANOMALY_EXAMPLE = {
  id: '6b1c2d3e-4f50-5a6b-8c7d-9e0f1a2b3c4d',
  nodeId: 'node1',
  scope: 'activity',
  nodeName: 'node1',
  processDefinitionKey: 'invoice',
  processDefinitionId: 'invoice:3:1a2b',
  activityId: 'approveInvoice',
  activityName: 'Approve invoice',
  processInstanceId: '7f8d1e20-5b1e-11ef-9c1a-0242ac120002',
  activityInstanceId: 'approveInvoice:7f9c2a31',
  durationMs: 5_400_000,
  meanMs: 600_000,
  stdDevMs: 300_000,
  sampleSize: 240,
  zScore: 16,
  threshold: 3,
  direction: 'slow',
  severity: 'critical',
  startedAt: '2026-11-22T03:00:00.000Z',
  endedAt: '2026-11-22T04:30:00.000Z',
  detectedAt: '2026-11-22T04:30:05.000Z',
};
const BOTTLENECK_EXAMPLE = {
  rank: 1,
  activityId: 'approveInvoice',
  activityName: 'Approve invoice',
  count: 240,
  p50Ms: 420_000,
  p95Ms: 3_600_000,
  p99Ms: 7_200_000,
  meanMs: 900_000,
  maxMs: 9_000_000,
  totalMs: 216_000_000,
  shareOfTotal: 0.71,
  nodeId: 'node1',
  processDefinitionKey: 'invoice',
  windowDays: 7,
  computedAt: '2026-11-22T05:00:00.000Z',
};
const SLA_EXAMPLE = {
  eventId: '1a2b3c4d-5e6f-5a7b-8c9d-0e1f2a3b4c5d',
  nodeId: 'node1',
  state: 'at-risk',
  subject: 'user-task',
  nodeName: 'node1',
  processDefinitionKey: 'invoice',
  processInstanceId: '7f8d1e20-5b1e-11ef-9c1a-0242ac120002',
  taskId: '8a9b0c1d-5b1e-11ef-9c1a-0242ac120002',
  taskDefinitionKey: 'approveInvoice',
  taskName: 'Approve invoice',
  assignee: 'demo',
  target: 'PT8H',
  targetSource: 'user-task',
  targetMs: 28_800_000,
  atRiskShare: 0.8,
  elapsedMs: 24_000_000,
  shareOfTarget: 0.83,
  startedAt: '2026-11-21T22:00:00.000Z',
  dueAt: '2026-11-22T06:00:00.000Z',
  open: true,
  detectedAt: '2026-11-22T04:40:00.000Z',
};
const RISK_EXAMPLE = {
  processDefinitionKey: 'invoice',
  activityId: 'chargeCard',
  failures: 42,
  completions: 180,
  failureRate: 0.19,
  trendPerDay: 0.02,
  trend: 'rising',
  projectedRate: 0.33,
  riskScore: 78,
  level: 'high',
  nodeId: 'node1',
  computedAt: '2026-11-22T05:00:00.000Z',
};

// Tag and operation ids are the public OpenAPI contract, fixed before the judgement rename.
@ApiTags('analysis')
@ApiSecurity('api-key')
@Controller('api/v1')
export class JudgementsController {
  constructor(@Inject(JudgementReadRepository) private readonly judgements: JudgementReadRepository) {}

  @Get('anomalies')
  @RequireScope('read')
  @ApiOperation({
    operationId: 'AnalysisController_anomalies',
    summary: 'Process and activity durations the analyzer found to be z-score outliers.',
  })
  @ApiQueryOf(AnomalyQuerySchema, { severity: 'critical', sort: '-detectedAt' })
  @ApiAnswers(200, 'A page of anomalies', page(ANOMALY_EXAMPLE))
  anomalies(@Query(validated(AnomalyQuerySchema)) query: AnomalyQuery): Promise<Paged<AnomalyView>> {
    return this.judgements.anomalies(query);
  }

  @Get('bottlenecks')
  @RequireScope('read')
  @ApiOperation({
    operationId: 'AnalysisController_bottlenecks',
    summary: 'Activities ranked by p95 duration over the look-back window, with their share of total time.',
  })
  @ApiQueryOf(BottleneckQuerySchema, { processDefinitionKey: 'invoice', sort: '-p95Ms' })
  @ApiAnswers(200, 'A page of activities', page(BOTTLENECK_EXAMPLE))
  bottlenecks(
    @Query(validated(BottleneckQuerySchema)) query: BottleneckQuery,
  ): Promise<Paged<BottleneckView>> {
    return this.judgements.bottlenecks(query);
  }

  @Get('sla')
  @RequireScope('read')
  @ApiOperation({
    operationId: 'AnalysisController_sla',
    summary: 'SLA risks and breaches of process instances and user tasks (latest per subject and state).',
  })
  @ApiQueryOf(SlaQuerySchema, { state: 'breached', open: 'true' })
  @ApiAnswers(200, 'A page of SLA alerts', page(SLA_EXAMPLE))
  sla(@Query(validated(SlaQuerySchema)) query: SlaQuery): Promise<Paged<SlaView>> {
    return this.judgements.sla(query);
  }

  @Get('job-failure-risks')
  @RequireScope('read')
  @ApiOperation({
    operationId: 'AnalysisController_risks',
    summary: 'Activities ranked by projected job-failure rate (latest report of each node).',
  })
  @ApiQueryOf(RiskQuerySchema, { level: 'high' })
  @ApiAnswers(200, 'Ranked risks', { data: [RISK_EXAMPLE] })
  async risks(@Query(validated(RiskQuerySchema)) query: RiskQuery): Promise<{ data: RiskView[] }> {
    return { data: await this.judgements.risks(query) };
  }
}
