import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiAnswers, ApiQueryOf } from '../http/openapi.util';
import { validated } from '../http/zod-validation.pipe';
import {
  HealthTrendQuery,
  HealthTrendQuerySchema,
  ProcessTrendQuery,
  ProcessTrendQuerySchema,
  TrendReadRepository,
} from './trend-read.repository';

const WINDOW = { from: '2026-11-21T06:00:00.000Z', to: '2026-11-22T06:00:00.000Z', hours: 24 };
const POINT = {
  hour: '2026-11-22T05:00:00.000Z',
  started: 42,
  completed: 40,
  p95Ms: 5_400_000,
  openIncidents: 3,
};
const SERIES = { started: 1_008, completed: 990, p95Ms: 5_200_000, openIncidents: 3, series: [POINT] };
const HEALTH = {
  hour: '2026-11-22T05:00:00.000Z',
  averageScore: 91.5,
  minScore: 84,
  lastScore: 93,
  lastStatus: 'healthy',
};

@ApiTags('trends')
@ApiSecurity('api-key')
@Controller('api/v1/trends')
export class TrendsController {
  constructor(@Inject(TrendReadRepository) private readonly trends: TrendReadRepository) {}

  @Get('processes')
  @RequireScope('read')
  @ApiOperation({
    summary:
      'Per hour of the window: instances started and completed, p95 duration of those completed, incidents open at the end of the hour — for the cluster and per process definition key.',
  })
  @ApiQueryOf(ProcessTrendQuerySchema, { hours: 24, processDefinitionKey: 'invoice' })
  @ApiAnswers(200, 'Dense hourly series', {
    window: WINDOW,
    cluster: { processDefinitionKey: null, ...SERIES },
    processes: [{ processDefinitionKey: 'invoice', ...SERIES }],
  })
  processes(@Query(validated(ProcessTrendQuerySchema)) query: ProcessTrendQuery) {
    return this.trends.processTrends(query);
  }

  @Get('node-health')
  @RequireScope('read')
  @ApiOperation({
    summary:
      "The analyzer's health scores per hour: average, lowest and last score of each node and of the cluster.",
  })
  @ApiQueryOf(HealthTrendQuerySchema, { hours: 24 })
  @ApiAnswers(200, 'Hourly health', {
    window: WINDOW,
    cluster: [HEALTH],
    nodes: [{ nodeId: 'node1', series: [HEALTH] }],
  })
  nodeHealth(@Query(validated(HealthTrendQuerySchema)) query: HealthTrendQuery) {
    return this.trends.healthTrends(query);
  }
}
