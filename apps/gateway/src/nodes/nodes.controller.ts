import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiError } from '../http/api-error';
import { ApiAnswers } from '../http/openapi.util';
import { validated } from '../http/zod-validation.pipe';
import { ClusterHealthView, NodeView, NodesService } from './nodes.service';

const NODE_EXAMPLE = {
  nodeId: 'node1',
  configured: true,
  url: 'http://camunda-1:8080/engine-rest',
  status: 'up',
  restLatencyMs: 12,
  reason: null,
  engineVersion: '7.24.0',
  engineFlavour: 'camunda7',
  engineProduct: 'Camunda BPM Runtime',
  schemaVersion: '7.24.0',
  webAppsUrl: 'http://camunda-1:8080/camunda',
  statusChangedAt: '2026-11-22T04:00:00.000Z',
  openIncidents: 3,
  health: {
    score: 82,
    status: 'healthy',
    factors: [{ name: 'incidents', score: 70, weight: 0.3, value: 3, detail: '3 open incidents' }],
    computedAt: '2026-11-22T05:00:00.000Z',
  },
  jvm: {
    observedAt: '2026-11-22T05:00:00.000Z',
    heapUsedBytes: 412_000_000,
    heapMaxBytes: 1_073_741_824,
    nonHeapUsedBytes: 150_000_000,
    liveThreads: 61,
    gcPauseSecondsTotal: 1.2,
    processCpuUsage: 0.08,
    uptimeSeconds: 3_600,
  },
};

const CLUSTER_EXAMPLE = {
  status: 'degraded',
  score: 71,
  source: 'analyzer',
  factors: [{ name: 'reachability', score: 50, weight: 0.3, value: 0.5, detail: '1 of 2 nodes up' }],
  nodes: { total: 2, up: 1, down: 1, unknown: 0 },
  openIncidents: 5,
  openAlerts: { info: 0, warning: 2, critical: 1 },
  computedAt: '2026-11-22T05:00:00.000Z',
};

const NodeParamsSchema = z.object({ nodeId: z.string().min(1).max(100) });

@ApiTags('nodes')
@ApiSecurity('api-key')
@Controller('api/v1')
export class NodesController {
  constructor(@Inject(NodesService) private readonly nodes: NodesService) {}

  @Get('nodes')
  @RequireScope('read')
  @ApiOperation({
    summary:
      'Every Camunda 7-family node (configured or seen in events) with status, engine flavour and version, web-apps base URL, health score, open incidents and JVM figures.',
  })
  @ApiAnswers(200, 'The nodes', { data: [NODE_EXAMPLE] })
  async list(): Promise<{ data: NodeView[] }> {
    return { data: await this.nodes.list() };
  }

  @Get('nodes/:nodeId')
  @RequireScope('read')
  @ApiOperation({ summary: 'One node and its health.' })
  @ApiParam({ name: 'nodeId', example: 'node1' })
  @ApiAnswers(200, 'The node', NODE_EXAMPLE, [404])
  async get(@Param(validated(NodeParamsSchema)) params: { nodeId: string }): Promise<NodeView> {
    const node = (await this.nodes.list()).find((n) => n.nodeId === params.nodeId);
    if (!node) throw ApiError.notFound('Node', params);
    return node;
  }

  @Get('cluster/health')
  @RequireScope('read')
  @ApiOperation({
    summary:
      "The cluster's health: the analyzer's score with its factors, node counts, open incidents and alerts.",
  })
  @ApiAnswers(200, 'Cluster health', CLUSTER_EXAMPLE)
  cluster(): Promise<ClusterHealthView> {
    return this.nodes.cluster();
  }
}
