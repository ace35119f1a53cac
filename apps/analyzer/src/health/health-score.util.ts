import { HealthFactor } from '@flowpilot/shared';

/** What the analyzer knows about one node when it scores it. */
export interface NodeObservation {
  nodeId: string;
  up: boolean;
  restLatencyMs: number | null;
  openIncidents: number;
  failedJobsLastHour: number;
  /** Open (unlocked) external tasks plus those without retries. */
  externalTaskBacklog: number | null;
}

/** Where each factor reaches 0; the factor falls linearly from 100 to there. */
export interface HealthLimits {
  incidents: number;
  failedJobsPerHour: number;
  backlog: number;
  latencyGoodMs: number;
  latencyBadMs: number;
}

export const HEALTH_WEIGHTS = { incidents: 0.3, 'failed-jobs': 0.3, backlog: 0.2, latency: 0.2 } as const;

export const HEALTH_FORMULA =
  'score = reachability × (0.3 × incidents + 0.3 × failed-jobs + 0.2 × backlog + 0.2 × latency); ' +
  'reachability is 1 when the node is up, else 0; each other factor is 100 at zero load and falls linearly to 0 at its limit; cluster = mean of node scores';

export interface HealthResult {
  score: number;
  status: 'healthy' | 'degraded' | 'critical';
  factors: HealthFactor[];
}

/** Linear from 100 at `good` to 0 at `bad`. */
function linear(value: number, good: number, bad: number): number {
  if (value <= good) return 100;
  if (value >= bad) return 0;
  return (100 * (bad - value)) / (bad - good);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function statusOf(score: number): HealthResult['status'] {
  return score >= 80 ? 'healthy' : score >= 50 ? 'degraded' : 'critical';
}

/**
 * Health of one node. An unreachable node scores 0 whatever its last figures
 * were: it does no work. Factors without data (no backlog or latency seen yet)
 * score 100 and say so, so a quiet node is not punished for silence.
 */
export function nodeHealth(node: NodeObservation, limits: HealthLimits): HealthResult {
  const factors: HealthFactor[] = [
    {
      name: 'reachability',
      score: node.up ? 100 : 0,
      weight: 1,
      value: node.up ? 1 : 0,
      detail: node.up ? 'node is up (multiplies the rest)' : 'node is down: score is 0',
    },
    {
      name: 'incidents',
      score: round1(linear(node.openIncidents, 0, limits.incidents)),
      weight: HEALTH_WEIGHTS.incidents,
      value: node.openIncidents,
      detail: `${node.openIncidents} open incidents (0 at ${limits.incidents})`,
    },
    {
      name: 'failed-jobs',
      score: round1(linear(node.failedJobsLastHour, 0, limits.failedJobsPerHour)),
      weight: HEALTH_WEIGHTS['failed-jobs'],
      value: node.failedJobsLastHour,
      detail: `${node.failedJobsLastHour} job failures in the last hour (0 at ${limits.failedJobsPerHour})`,
    },
    {
      name: 'backlog',
      score:
        node.externalTaskBacklog === null ? 100 : round1(linear(node.externalTaskBacklog, 0, limits.backlog)),
      weight: HEALTH_WEIGHTS.backlog,
      value: node.externalTaskBacklog,
      detail:
        node.externalTaskBacklog === null
          ? 'no external-task backlog reported yet'
          : `${node.externalTaskBacklog} external tasks waiting or out of retries (0 at ${limits.backlog})`,
    },
    {
      name: 'latency',
      score:
        node.restLatencyMs === null
          ? 100
          : round1(linear(node.restLatencyMs, limits.latencyGoodMs, limits.latencyBadMs)),
      weight: HEALTH_WEIGHTS.latency,
      value: node.restLatencyMs,
      detail:
        node.restLatencyMs === null
          ? 'no REST latency reported yet'
          : `REST latency ${node.restLatencyMs} ms (100 up to ${limits.latencyGoodMs} ms, 0 at ${limits.latencyBadMs} ms)`,
    },
  ];
  const weighted = factors.slice(1).reduce((sum, f) => sum + f.weight * f.score, 0);
  const score = round1((node.up ? 1 : 0) * weighted);
  return { score, status: statusOf(score), factors };
}

/**
 * The cluster is the mean of its nodes (one node down of two halves it); each
 * cluster factor is the mean of the nodes' factor scores, its value their sum.
 */
export function clusterHealth(nodes: readonly { nodeId: string; health: HealthResult }[]): HealthResult {
  if (nodes.length === 0) return { score: 0, status: 'critical', factors: [] };
  const score = round1(nodes.reduce((s, n) => s + n.health.score, 0) / nodes.length);
  const factors = nodes[0].health.factors.map((first, i): HealthFactor => {
    const values = nodes.map((n) => n.health.factors[i].value).filter((v): v is number => v !== null);
    return {
      name: first.name,
      weight: first.weight,
      score: round1(nodes.reduce((s, n) => s + n.health.factors[i].score, 0) / nodes.length),
      value: values.length === 0 ? null : values.reduce((s, v) => s + v, 0),
      detail: `mean over ${nodes.length} node(s); value is the sum`,
    };
  });
  return { score, status: statusOf(score), factors };
}
