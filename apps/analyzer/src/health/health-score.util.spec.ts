import { clusterHealth, nodeHealth, NodeObservation } from './health-score.util';

const limits = {
  incidents: 20,
  failedJobsPerHour: 50,
  backlog: 1_000,
  latencyGoodMs: 200,
  latencyBadMs: 5_000,
};
const quiet: NodeObservation = {
  nodeId: 'node1',
  up: true,
  restLatencyMs: 50,
  openIncidents: 0,
  failedJobsLastHour: 0,
  externalTaskBacklog: 0,
};

describe('health score', () => {
  it('is 100 for a reachable, quiet node', () => {
    const sut = nodeHealth(quiet, limits);

    expect(sut.score).toBe(100);
    expect(sut.status).toBe('healthy');
    expect(sut.factors.map((f) => f.name)).toEqual([
      'reachability',
      'incidents',
      'failed-jobs',
      'backlog',
      'latency',
    ]);
  });

  it('weights each factor as documented', () => {
    // incidents 10/20 → 50; failed jobs 25/50 → 50; backlog 500/1000 → 50; latency 2600 ms → 50.
    const sut = nodeHealth(
      { ...quiet, openIncidents: 10, failedJobsLastHour: 25, externalTaskBacklog: 500, restLatencyMs: 2_600 },
      limits,
    );

    expect(sut.factors.slice(1).map((f) => f.score)).toEqual([50, 50, 50, 50]);
    expect(sut.score).toBe(50);
    expect(sut.status).toBe('degraded');
  });

  it('takes one factor at a time into account', () => {
    expect(nodeHealth({ ...quiet, openIncidents: 40 }, limits).score).toBe(70);
    expect(nodeHealth({ ...quiet, failedJobsLastHour: 50 }, limits).score).toBe(70);
    expect(nodeHealth({ ...quiet, externalTaskBacklog: 1_000 }, limits).score).toBe(80);
    expect(nodeHealth({ ...quiet, restLatencyMs: 9_000 }, limits).score).toBe(80);
  });

  it('is 0 for a node that is down, with its factors still visible', () => {
    const sut = nodeHealth({ ...quiet, up: false }, limits);

    expect(sut.score).toBe(0);
    expect(sut.status).toBe('critical');
    expect(sut.factors[0]).toMatchObject({ name: 'reachability', score: 0, value: 0 });
  });

  it('does not punish a node for figures not reported yet', () => {
    expect(nodeHealth({ ...quiet, externalTaskBacklog: null, restLatencyMs: null }, limits).score).toBe(100);
  });

  it('scores the cluster as the mean of its nodes', () => {
    const up = nodeHealth(quiet, limits);
    const down = nodeHealth({ ...quiet, nodeId: 'node2', up: false, openIncidents: 4 }, limits);

    const sut = clusterHealth([
      { nodeId: 'node1', health: up },
      { nodeId: 'node2', health: down },
    ]);

    expect(sut.score).toBe(50);
    expect(sut.factors.find((f) => f.name === 'reachability')).toMatchObject({ score: 50, value: 1 });
    expect(sut.factors.find((f) => f.name === 'incidents')).toMatchObject({ value: 4 });
  });
});
