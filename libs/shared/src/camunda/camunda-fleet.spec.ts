import { HealthRegistry } from '../health/health-registry';
import { CamundaFleet, UnknownNodeError } from './camunda-fleet';

describe('CamundaFleet', () => {
  const sut = new CamundaFleet({
    nodes: [
      { index: 1, name: 'node1', url: 'http://127.0.0.1:1/engine-rest' },
      { index: 2, name: 'node2', url: 'http://127.0.0.1:2/engine-rest' },
    ],
    requestTimeoutMs: 1_000,
  });

  it('answers which nodes exist, in configuration order', () => {
    expect(sut.nodeIds).toEqual(['node1', 'node2']);
    expect(sut.nodes.map((node) => node.url)).toEqual([
      'http://127.0.0.1:1/engine-rest',
      'http://127.0.0.1:2/engine-rest',
    ]);
    expect(sut.knows('node2')).toBe(true);
    expect(sut.knows('node3')).toBe(false);
    expect(sut.knows(null)).toBe(false);
  });

  it('gives each node its own client, and names an unknown node in the error', () => {
    expect(sut.client('node1').node.name).toBe('node1');
    expect(sut.find('node3')).toBeNull();
    expect(() => sut.client('node3')).toThrow(UnknownNodeError);
    expect(() => sut.client('node3')).toThrow(/"node3" is not configured/);
  });

  it('registers one readiness check per node, which fails while the node is unreachable', async () => {
    const health = new HealthRegistry();
    sut.registerReadiness(health);
    const report = await health.readiness();
    expect(Object.keys(report.checks).sort()).toEqual(['camunda:node1', 'camunda:node2']);
    expect(report.checks['camunda:node1'].ok).toBe(false);
  });
});
