import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiAnswers, ApiQueryOf } from '../http/openapi.util';
import { Paged } from '../http/paging';
import { validated } from '../http/zod-validation.pipe';
import {
  LeaderboardQuerySchema,
  LeaderboardView,
  ProcessStatisticsRepository,
  ProcessStatisticsView,
  StatisticsQuery,
  StatisticsQuerySchema,
} from './process-statistics.repository';

const STATISTICS_EXAMPLE = {
  processDefinitionKey: 'invoice',
  nodeIds: ['node1', 'node2'],
  started: 1_250,
  completed: 1_190,
  running: 60,
  averageDurationMs: 5_400_000,
  minDurationMs: 120_000,
  maxDurationMs: 172_800_000,
  openIncidents: 4,
  lastStartedAt: '2026-11-22T05:00:00.000Z',
  lastCompletedAt: '2026-11-22T05:01:00.000Z',
};
const LEADERBOARD_EXAMPLE = {
  rank: 1,
  processDefinitionKey: 'invoice',
  completed: 1_190,
  throughputPerDay: 39.7,
  medianMs: 3_600_000,
  p95Ms: 86_400_000,
  incidentRate: 0.01,
  slaCompliance: 0.97,
  score: 97.8,
  nodeId: 'node1',
  windowDays: 30,
  computedAt: '2026-11-22T05:00:00.000Z',
};

@ApiTags('processes')
@ApiSecurity('api-key')
@Controller('api/v1/processes')
export class ProcessesController {
  constructor(
    @Inject(ProcessStatisticsRepository) private readonly statistics: ProcessStatisticsRepository,
  ) {}

  @Get('statistics')
  @RequireScope('read')
  @ApiOperation({
    summary:
      'Instances started and completed, durations and open incidents per process definition (summed over nodes).',
  })
  @ApiQueryOf(StatisticsQuerySchema, { nodeId: 'node1', sort: '-completed' })
  @ApiAnswers(200, 'A page of statistics', {
    data: [STATISTICS_EXAMPLE],
    page: { limit: 50, offset: 0, total: 1 },
  })
  list(
    @Query(validated(StatisticsQuerySchema)) query: StatisticsQuery,
  ): Promise<Paged<ProcessStatisticsView>> {
    return this.statistics.statistics(query);
  }

  @Get('leaderboard')
  @RequireScope('read')
  @ApiOperation({
    summary:
      "The analyzer's leaderboard: process definitions ranked by SLA compliance and incident rate, then throughput.",
  })
  @ApiQueryOf(LeaderboardQuerySchema, { nodeId: 'node1' })
  @ApiAnswers(200, 'Ranked entries', { data: [LEADERBOARD_EXAMPLE] })
  async leaderboard(
    @Query(validated(LeaderboardQuerySchema)) query: { nodeId?: string[] },
  ): Promise<{ data: LeaderboardView[] }> {
    return { data: await this.statistics.leaderboard(query.nodeId) };
  }
}
