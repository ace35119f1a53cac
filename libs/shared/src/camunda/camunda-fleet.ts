import { Injectable } from '@nestjs/common';
import type { CamundaNodeConfig } from '../config/camunda-node-settings';
import type { HealthRegistry } from '../health/health-registry';
import { CamundaRestClient } from './camunda-rest.client';

/** The settings slice a fleet is made from: the configured nodes and the default request timeout. */
export abstract class CamundaFleetSettings {
  abstract readonly nodes: readonly CamundaNodeConfig[];
  abstract readonly requestTimeoutMs: number;
}

/** Thrown for a node id that no `CAMUNDA_NODE_<n>_NAME` names. */
export class UnknownNodeError extends Error {
  constructor(readonly nodeId: string) {
    super(`Camunda node "${nodeId}" is not configured (CAMUNDA_NODE_<n>_NAME)`);
    this.name = 'UnknownNodeError';
  }
}

/**
 * The configured Camunda nodes, one REST client each, by node id. Apps wrap the calls they need in
 * their own `*.api.ts` and take the client from here, so "which nodes exist" is answered once.
 */
@Injectable()
export class CamundaFleet {
  private readonly clients: ReadonlyMap<string, CamundaRestClient>;

  constructor(settings: CamundaFleetSettings) {
    this.clients = new Map(
      settings.nodes.map((node) => [node.name, new CamundaRestClient(node, settings.requestTimeoutMs)]),
    );
  }

  get nodeIds(): string[] {
    return [...this.clients.keys()];
  }

  get nodes(): CamundaNodeConfig[] {
    return [...this.clients.values()].map((client) => client.node);
  }

  knows(nodeId: string | null | undefined): nodeId is string {
    return nodeId != null && this.clients.has(nodeId);
  }

  /** The node's client; throws `UnknownNodeError` for a node that is not configured. */
  client(nodeId: string): CamundaRestClient {
    const client = this.clients.get(nodeId);
    if (!client) throw new UnknownNodeError(nodeId);
    return client;
  }

  /** The node's client, or null for a node that is not configured. */
  find(nodeId: string): CamundaRestClient | null {
    return this.clients.get(nodeId) ?? null;
  }

  /** `/health/ready` includes each node's reachability (GET /version), as `camunda:<node id>`. */
  registerReadiness(health: Pick<HealthRegistry, 'register'>): void {
    for (const [nodeId, client] of this.clients) {
      health.register(`camunda:${nodeId}`, async () => {
        const { version } = await client.get<{ version: string }>('/version', { timeoutMs: 1_500 });
        return { ok: true, detail: { version } };
      });
    }
  }
}
