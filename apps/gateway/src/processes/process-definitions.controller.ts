import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiAnswers, ApiQueryOf } from '../http/openapi.util';
import { validated } from '../http/zod-validation.pipe';
import { DefinitionView, ProcessDefinitionsApi } from './process-definitions.api';
import {
  ActivityDetail,
  ActivityParamsSchema,
  DefinitionListQuerySchema,
  DefinitionParamsSchema,
  NodeParamsSchema,
  OverlayQuery,
  OverlayQuerySchema,
  ProcessOverlays,
  ProcessPageService,
} from './process-page.service';

const DEFINITION_EXAMPLE = {
  id: 'invoice:3:1a2b3c4d-5b1e-11ef-9c1a-0242ac120002',
  key: 'invoice',
  name: 'Invoice receipt',
  version: 3,
  versionTag: null,
  deploymentId: '19a2b3c4-5b1e-11ef-9c1a-0242ac120002',
  tenantId: null,
};
const OVERLAY_EXAMPLE = {
  activityId: 'approveInvoice',
  activityName: 'Approve invoice',
  running: 12,
  failedJobs: 0,
  incidents: 0,
  durations: {
    count: 240,
    meanMs: 900_000,
    maxMs: 9_000_000,
    p50Ms: 420_000,
    p95Ms: 3_600_000,
    p99Ms: 7_200_000,
  },
  heatRank: 1,
  heat: 1,
  sla: { atRisk: 2, breached: 1 },
  risk: null,
  bottleneck: { rank: 1, p95Ms: 3_600_000, shareOfTotal: 0.71, count: 240 },
};
const WINDOW_EXAMPLE = { from: '2026-11-15T06:00:00.000Z', to: '2026-11-22T06:00:00.000Z', hours: 168 };
const INSTANCE_EXAMPLE = {
  id: 'approveInvoice:7f9c2a31-5b1e-11ef-9c1a-0242ac120002',
  activityId: 'approveInvoice',
  processInstanceId: '7f8d1e20-5b1e-11ef-9c1a-0242ac120002',
  processDefinitionId: DEFINITION_EXAMPLE.id,
  startTime: '2026-11-21T08:00:00.000+0000',
  endTime: '2026-11-21T10:30:00.000+0000',
  durationInMillis: 9_000_000,
  canceled: false,
};
const NODE_PARAM = {
  name: 'nodeId',
  example: 'node1',
  description: 'a configured Camunda node (CAMUNDA_NODE_<n>_NAME)',
};
const DEFINITION_PARAM = { name: 'definitionId', example: DEFINITION_EXAMPLE.id };

/** The process page's data: definitions and diagrams from the engine, overlays per activity, drill-down. */
@ApiTags('processes')
@ApiSecurity('api-key')
@Controller('api/v1/nodes/:nodeId/process-definitions')
export class ProcessDefinitionsController {
  constructor(
    @Inject(ProcessDefinitionsApi) private readonly engine: ProcessDefinitionsApi,
    @Inject(ProcessPageService) private readonly page: ProcessPageService,
  ) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({
    summary:
      'Process definitions deployed on a node: every version of `key` (newest first), or the latest version of each key.',
  })
  @ApiParam(NODE_PARAM)
  @ApiQueryOf(DefinitionListQuerySchema, { key: 'invoice' })
  @ApiAnswers(200, 'Definitions', { data: [DEFINITION_EXAMPLE] }, [404, 502, 503])
  async list(
    @Param(validated(NodeParamsSchema)) params: { nodeId: string },
    @Query(validated(DefinitionListQuerySchema)) query: { key?: string },
  ): Promise<{ data: DefinitionView[] }> {
    const data = query.key
      ? await this.engine.versions(params.nodeId, query.key)
      : await this.engine.latest(params.nodeId);
    return { data };
  }

  @Get(':definitionId/xml')
  @RequireScope('read')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @ApiOperation({ summary: 'The deployed BPMN 2.0 XML of one definition version, as the engine stores it.' })
  @ApiParam(NODE_PARAM)
  @ApiParam(DEFINITION_PARAM)
  @ApiProduces('application/xml')
  @ApiAnswers(200, 'BPMN XML', '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions …/>', [404, 502, 503])
  xml(
    @Param(validated(DefinitionParamsSchema)) params: { nodeId: string; definitionId: string },
  ): Promise<string> {
    return this.engine.xml(params.nodeId, params.definitionId);
  }

  @Get(':definitionId/activities')
  @RequireScope('read')
  @ApiOperation({
    summary:
      'Overlays per activity: tokens and incidents now, p95 heat over the window, SLA alerts, job-failure risk, bottleneck rank.',
  })
  @ApiParam(NODE_PARAM)
  @ApiParam(DEFINITION_PARAM)
  @ApiQueryOf(OverlayQuerySchema, { hours: 168, versions: 'this' })
  @ApiAnswers(
    200,
    'Overlays',
    {
      nodeId: 'node1',
      definition: DEFINITION_EXAMPLE,
      versions: 'this',
      definitionIds: [DEFINITION_EXAMPLE.id],
      window: WINDOW_EXAMPLE,
      processSla: { atRisk: 0, breached: 1 },
      totals: { running: 12, incidents: 0, completedActivities: 1_900 },
      bottleneckReport: { windowDays: 7, computedAt: '2026-11-22T05:00:00.000Z' },
      activities: [OVERLAY_EXAMPLE],
    },
    [404, 502, 503],
  )
  activities(
    @Param(validated(DefinitionParamsSchema)) params: { nodeId: string; definitionId: string },
    @Query(validated(OverlayQuerySchema)) query: OverlayQuery,
  ): Promise<ProcessOverlays> {
    return this.page.overlays(params.nodeId, params.definitionId, query);
  }

  @Get(':definitionId/activities/:activityId')
  @RequireScope('read')
  @ApiOperation({
    summary:
      'One activity: its figures, the slowest finished instances of the window, the longest-waiting ones now, and its open incidents with their analyses.',
  })
  @ApiParam(NODE_PARAM)
  @ApiParam(DEFINITION_PARAM)
  @ApiParam({ name: 'activityId', example: 'approveInvoice' })
  @ApiQueryOf(OverlayQuerySchema, { hours: 168, versions: 'this' })
  @ApiAnswers(
    200,
    'The activity',
    {
      nodeId: 'node1',
      definition: DEFINITION_EXAMPLE,
      activity: OVERLAY_EXAMPLE,
      slowest: [INSTANCE_EXAMPLE],
      waiting: [{ ...INSTANCE_EXAMPLE, endTime: null, durationInMillis: null }],
      incidents: [],
    },
    [404, 502, 503],
  )
  activity(
    @Param(validated(ActivityParamsSchema))
    params: { nodeId: string; definitionId: string; activityId: string },
    @Query(validated(OverlayQuerySchema)) query: OverlayQuery,
  ): Promise<ActivityDetail> {
    return this.page.activity(params.nodeId, params.definitionId, params.activityId, query);
  }
}
