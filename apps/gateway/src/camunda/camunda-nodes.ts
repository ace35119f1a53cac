import { CamundaNodeConfig, CamundaRestClient, HealthRegistry } from '@flowpilot/shared';

/** One REST client per configured Camunda node (CAMUNDA_NODE_<n>_*), by node name. */
export class CamundaNodes {
  private readonly clients = new Map<string, CamundaRestClient>();

  constructor(nodes: CamundaNodeConfig[], timeoutMs: number) {
    for (const node of nodes) this.clients.set(node.name, new CamundaRestClient(node, timeoutMs));
  }

  get(name: string): CamundaRestClient | null {
    return this.clients.get(name) ?? null;
  }

  configured(): CamundaNodeConfig[] {
    return [...this.clients.values()].map((client) => client.node);
  }

  /** `/health/ready` includes each node's reachability (GET /version). */
  registerReadiness(health: HealthRegistry): void {
    for (const [name, client] of this.clients) {
      health.register(`camunda:${name}`, async () => {
        const { version } = await client.get<{ version: string }>('/version', { timeoutMs: 1_500 });
        return { ok: true, detail: { version } };
      });
    }
  }
}
