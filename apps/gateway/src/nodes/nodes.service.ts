import { Inject, Injectable } from '@nestjs/common';
import {
  CamundaFleet,
  defaultWebAppsUrl,
  type EngineFlavour,
  type HealthFactor,
  type JvmMetrics,
} from '@flowpilot/shared';
import { AlertRepository, AlertSeverity } from '../alerts/alert.repository';
import { IncidentRepository } from '../incidents/incident.repository';
import { NodeRepository } from './node.repository';

export interface NodeView {
  nodeId: string;
  configured: boolean;
  url: string | null;
  status: 'up' | 'down' | 'unknown';
  restLatencyMs: number | null;
  reason: string | null;
  engineVersion: string | null;
  /** camunda7, operaton or cibseven; null until the collector has reported it. */
  engineFlavour: EngineFlavour | null;
  /** The product name the engine reports, e.g. "Operaton BPM Runtime". */
  engineProduct: string | null;
  /** The newest ACT_GE_SCHEMA_LOG version (SQL-collected nodes only). */
  schemaVersion: string | null;
  /**
   * Base of the node's Cockpit/Tasklist/Admin (`<webAppsUrl>/app/cockpit/`): CAMUNDA_NODE_<n>_WEBAPP_URL, else
   * the node's server with its flavour's path (/camunda, /operaton, /webapp).
   */
  webAppsUrl: string | null;
  statusChangedAt: string | null;
  openIncidents: number;
  health: { score: number; status: string; factors: HealthFactor[]; computedAt: string } | null;
  jvm: JvmMetrics | null;
}

export interface ClusterHealthView {
  status: 'healthy' | 'degraded' | 'critical' | 'unknown';
  score: number | null;
  /** `analyzer` when the analyzer has scored the cluster; `node-status` when only node up/down facts are known. */
  source: 'analyzer' | 'node-status';
  factors: HealthFactor[];
  nodes: { total: number; up: number; down: number; unknown: number };
  openIncidents: number;
  openAlerts: Record<AlertSeverity, number>;
  computedAt: string | null;
}

@Injectable()
export class NodesService {
  constructor(
    @Inject(NodeRepository) private readonly nodes: Pick<NodeRepository, 'list' | 'healthScores'>,
    @Inject(IncidentRepository) private readonly incidents: Pick<IncidentRepository, 'openCounts'>,
    @Inject(AlertRepository) private readonly alerts: Pick<AlertRepository, 'openCount'>,
    @Inject(CamundaFleet) private readonly fleet: Pick<CamundaFleet, 'nodes'>,
  ) {}

  async list(): Promise<NodeView[]> {
    const [known, scores, counts] = await Promise.all([
      this.nodes.list(),
      this.nodes.healthScores(),
      this.incidents.openCounts(),
    ]);
    const configuredNodes = this.fleet.nodes;
    const configured = new Map(configuredNodes.map((n) => [n.name, n.url]));
    const webApps = new Map(configuredNodes.map((n) => [n.name, n.webAppsUrl]));
    const ids = [...new Set([...configured.keys(), ...known.map((n) => n.nodeId)])].sort();
    return ids.map((nodeId) => {
      const record = known.find((n) => n.nodeId === nodeId);
      const score = scores.nodes.get(nodeId);
      const url = record?.url ?? configured.get(nodeId) ?? null;
      const flavour = record?.engineFlavour ?? null;
      return {
        nodeId,
        configured: configured.has(nodeId),
        url,
        status: record?.status ?? 'unknown',
        restLatencyMs: record?.restLatencyMs ?? null,
        reason: record?.reason ?? null,
        engineVersion: record?.engineVersion ?? null,
        engineFlavour: flavour,
        engineProduct: record?.engineProduct ?? null,
        schemaVersion: record?.schemaVersion ?? null,
        webAppsUrl: webApps.get(nodeId) ?? (url ? defaultWebAppsUrl(url, flavour ?? 'unknown') : null),
        statusChangedAt: record?.statusChangedAt ?? null,
        openIncidents: counts.filter((c) => c.nodeId === nodeId).reduce((sum, c) => sum + c.count, 0),
        health: score
          ? { score: score.score, status: score.status, factors: score.factors, computedAt: score.computedAt }
          : null,
        jvm: record?.jvm ?? null,
      };
    });
  }

  async cluster(): Promise<ClusterHealthView> {
    const [nodes, scores, openAlerts] = await Promise.all([
      this.list(),
      this.nodes.healthScores(),
      this.alerts.openCount(),
    ]);
    const tally = { total: nodes.length, up: 0, down: 0, unknown: 0 };
    for (const node of nodes) tally[node.status] += 1;
    const openIncidents = nodes.reduce((sum, n) => sum + n.openIncidents, 0);
    const common = { nodes: tally, openIncidents, openAlerts };
    if (scores.cluster) {
      const c = scores.cluster;
      return {
        status: c.status,
        score: c.score,
        source: 'analyzer',
        factors: c.factors,
        computedAt: c.computedAt,
        ...common,
      };
    }
    return {
      status: statusFromNodes(tally),
      score: null,
      source: 'node-status',
      factors: [],
      computedAt: null,
      ...common,
    };
  }
}

/** Without the analyzer's score, only reachability is known: all up, some down, all down. */
function statusFromNodes(t: { total: number; up: number; down: number }): ClusterHealthView['status'] {
  if (t.total === 0 || t.up + t.down === 0) return 'unknown';
  if (t.down === 0) return 'healthy';
  return t.up === 0 ? 'critical' : 'degraded';
}
