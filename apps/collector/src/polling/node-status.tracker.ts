import { deriveEventId, EventPublisher } from '@flowpilot/shared';
import type { EngineIdentity } from '../engine/engine-identity';
import type { NodeState, NodeStateStore } from '../persistence/node-state.store';

/**
 * Publishes a node's up/down transitions and engine changes (version, flavour, schema) once each.
 * The persisted state is compared before publishing, so a restart publishes
 * nothing for a node whose status did not change. Event ids come from the
 * node's count of published changes (status transitions and version changes
 * alike), so no two changes share an id, while a crash between publish and
 * save repeats the same id.
 */
export class NodeStatusTracker {
  private state: NodeState | null = null;

  constructor(
    private readonly node: { nodeId: string; url: string },
    private readonly store: NodeStateStore,
    private readonly publisher: Pick<EventPublisher, 'publish'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async current(): Promise<NodeState> {
    this.state ??= await this.store.load(this.node.nodeId);
    return this.state;
  }

  /** Returns true when this call published a transition. */
  async markUp(restLatencyMs: number, engine: EngineIdentity): Promise<boolean> {
    let state = await this.current();
    const engineVersion = engine.version;
    if (
      state.engineVersion !== engineVersion ||
      state.engineFlavour !== engine.flavour ||
      state.schemaVersion !== engine.schemaVersion
    ) {
      const changes = state.transitions + 1;
      await this.publisher.publish(
        'camunda.engine.version.v1',
        {
          version: engineVersion,
          previousVersion: state.engineVersion,
          observedAt: this.now().toISOString(),
          flavour: engine.flavour,
          product: engine.product,
          schemaVersion: engine.schemaVersion,
        },
        {
          nodeId: this.node.nodeId,
          eventId: this.engineVersionEventId(changes, state.engineVersion, engineVersion),
        },
      );
      state = {
        ...state,
        transitions: changes,
        engineVersion,
        engineFlavour: engine.flavour,
        schemaVersion: engine.schemaVersion,
      };
      await this.save(state);
    }
    if (state.status === 'up') return false;
    await this.transition(state, 'up', { restLatencyMs, reason: null, engineVersion });
    return true;
  }

  /**
   * The version alone would repeat on a downgrade and re-upgrade (A→B→A→B) — also when a quick restart is
   * never seen as down — and consumers would drop the second A→B as a duplicate; the change count tells them
   * apart, and the versions keep the id readable in a dead-letter or a log.
   */
  private engineVersionEventId(changes: number, previous: string | null, engineVersion: string): string {
    return deriveEventId(
      this.node.nodeId,
      'engine-version',
      `${changes}:${previous ?? 'none'}->${engineVersion}`,
    );
  }

  async markDown(reason: string): Promise<boolean> {
    const state = await this.current();
    if (state.status === 'down') return false;
    await this.transition(state, 'down', {
      restLatencyMs: null,
      reason: reason.slice(0, 1_000),
      engineVersion: state.engineVersion,
    });
    return true;
  }

  private async transition(
    state: NodeState,
    status: 'up' | 'down',
    detail: { restLatencyMs: number | null; reason: string | null; engineVersion: string | null },
  ): Promise<void> {
    const transitions = state.transitions + 1;
    await this.publisher.publish(
      'camunda.node.status.v1',
      { nodeName: this.node.nodeId, url: this.node.url, status, previousStatus: state.status, ...detail },
      {
        nodeId: this.node.nodeId,
        eventId: deriveEventId(this.node.nodeId, 'node-status', String(transitions)),
      },
    );
    await this.save({ ...state, status, transitions, engineVersion: detail.engineVersion });
  }

  private async save(state: NodeState): Promise<void> {
    await this.store.save(this.node.nodeId, state);
    this.state = state;
  }
}
