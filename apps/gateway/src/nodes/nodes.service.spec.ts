import type { CamundaNodeConfig } from '@flowpilot/shared';
import type { NodeRecord } from './node.repository';
import { NodesService } from './nodes.service';

const record = (nodeId: string, url: string, engineFlavour: NodeRecord['engineFlavour']): NodeRecord => ({
  nodeId,
  url,
  status: 'up',
  restLatencyMs: 5,
  reason: null,
  engineVersion: engineFlavour === 'operaton' ? '1.0.3' : '7.24.0',
  engineFlavour,
  engineProduct: null,
  schemaVersion: '7.24.0',
  statusChangedAt: null,
  jvm: null,
});

function service(known: NodeRecord[], configured: CamundaNodeConfig[]) {
  const nodes = {
    list: async () => known,
    healthScores: async () => ({ cluster: null, nodes: new Map() }),
  };
  const incidents = { openCounts: async () => [] };
  const alerts = { openCount: () => Promise.reject(new Error('node list reads no alerts')) };
  return new NodesService(nodes, incidents, alerts, { nodes: configured });
}

describe('NodesService webAppsUrl', () => {
  it("puts each flavour's web apps beside its REST API, and takes the per-node setting over it", async () => {
    const sut = service(
      [
        record('c7', 'http://c7:8080/engine-rest', 'camunda7'),
        record('op', 'http://op:8090/engine-rest', 'operaton'),
        record('seven', 'https://seven.example/engine-rest', 'cibseven'),
        record('proxied', 'http://p:8080/engine-rest', 'camunda7'),
      ],
      [
        {
          index: 4,
          name: 'proxied',
          url: 'http://p:8080/engine-rest',
          webAppsUrl: 'https://ops.example/p/camunda',
        },
        { index: 5, name: 'fresh', url: 'http://fresh:8080/engine-rest' },
      ],
    );

    const nodes = await sut.list();

    expect(Object.fromEntries(nodes.map((n) => [n.nodeId, [n.engineFlavour, n.webAppsUrl]]))).toEqual({
      c7: ['camunda7', 'http://c7:8080/camunda'],
      op: ['operaton', 'http://op:8090/operaton'],
      seven: ['cibseven', 'https://seven.example/webapp'],
      proxied: ['camunda7', 'https://ops.example/p/camunda'],
      // Configured but not reported yet: no flavour, Camunda's path until the collector says otherwise.
      fresh: [null, 'http://fresh:8080/camunda'],
    });
  });
});
