import { Inject, Injectable } from '@nestjs/common';
import { CamundaNodeConfig, EventPublisher } from '@flowpilot/shared';
import { PollSettings } from '../collector.settings';
import type { NodeEngine } from '../engine/node-engine.factory';
import { CollectorEvents } from '../observability/collector.events';
import { NodeStateStore, PostgresNodeStateStore } from '../persistence/node-state.store';
import { NodeCycleFactory } from './node-cycle.factory';
import { NodePoller } from './node-poller';
import { NodePublisher } from './node-publisher';
import { NodeStatusTracker } from './node-status.tracker';
import { StateStoreGuard } from './state-store.guard';

/** One node's poller with what the scheduler reports on (Kafka readiness) and closes (the database pool). */
export interface PolledNode {
  poller: NodePoller;
  publisher: NodePublisher;
  engine: NodeEngine;
}

/**
 * Makes the poller of one configured node around its cycle: the node's own publisher and state-store guard,
 * its status tracker, and the timeout and circuit of its cycles.
 */
@Injectable()
export class NodePollerFactory {
  constructor(
    private readonly poll: PollSettings,
    private readonly cycles: NodeCycleFactory,
    @Inject(EventPublisher) private readonly publisher: Pick<EventPublisher, 'publishMany'>,
    @Inject(PostgresNodeStateStore) private readonly nodeStates: NodeStateStore,
    private readonly events: CollectorEvents,
  ) {}

  create(node: CamundaNodeConfig): PolledNode {
    const nodeId = node.name;
    // Everything the node's cycle publishes goes through its own publisher, so the poller can tell a cycle
    // that stopped on Kafka from one that stopped on the engine.
    const publisher = new NodePublisher(nodeId, this.publisher, this.events);
    // Likewise for the collector's own database: a failing mark or node state is not the engine's fault.
    const stateStore = new StateStoreGuard();
    const { cycle, engine } = this.cycles.create(node, publisher, stateStore);
    const status = new NodeStatusTracker(
      { nodeId, url: node.url },
      stateStore.wrap(this.nodeStates, 'node states'),
      publisher,
    );
    const poller = new NodePoller(
      { nodeId, cycle, status, publisher, stateStore, events: this.events },
      {
        timeoutMs: this.poll.nodeTimeoutMs,
        failureThreshold: this.poll.circuitFailureThreshold,
        openMs: this.poll.circuitOpenMs,
      },
    );
    return { poller, publisher, engine };
  }
}
