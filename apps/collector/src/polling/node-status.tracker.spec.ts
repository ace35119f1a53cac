import { RecordingPublisher } from '@flowpilot/shared/testing';
import type { EngineIdentity } from '../engine/engine-identity';
import type { NodeState, NodeStateStore } from '../persistence/node-state.store';
import { NodeStatusTracker } from './node-status.tracker';

const camunda = (version: string): EngineIdentity => ({
  version,
  flavour: 'camunda7',
  product: 'Camunda BPM Runtime',
  schemaVersion: version,
});

class MemoryNodeStates implements NodeStateStore {
  private readonly states = new Map<string, NodeState>();
  async load(nodeId: string): Promise<NodeState> {
    return (
      this.states.get(nodeId) ?? {
        status: 'unknown',
        transitions: 0,
        engineVersion: null,
        engineFlavour: null,
        schemaVersion: null,
      }
    );
  }
  async save(nodeId: string, state: NodeState): Promise<void> {
    this.states.set(nodeId, state);
  }
}

describe('NodeStatusTracker', () => {
  let publisher: RecordingPublisher;
  const versionIds = () => publisher.eventsOf('camunda.engine.version.v1').map((p) => p.eventId);

  beforeEach(() => {
    publisher = new RecordingPublisher();
    jest.spyOn(publisher, 'publish');
  });

  it('gives every engine-version change its own event id, also when a version comes back after a restart', async () => {
    const sut = new NodeStatusTracker(
      { nodeId: 'node1', url: 'http://n1' },
      new MemoryNodeStates(),
      publisher,
    );

    for (const version of ['7.23.0', '7.24.0', '7.23.0', '7.24.0']) {
      await sut.markUp(5, camunda(version));
      await sut.markDown('restarted for an upgrade');
    }

    expect(versionIds()).toHaveLength(4);
    expect(new Set(versionIds()).size).toBe(4);
  });

  it('gives every engine-version change its own event id when a quick restart is never seen as down', async () => {
    const sut = new NodeStatusTracker(
      { nodeId: 'node1', url: 'http://n1' },
      new MemoryNodeStates(),
      publisher,
    );

    for (const version of ['7.23.0', '7.24.0', '7.23.0', '7.24.0']) await sut.markUp(5, camunda(version));

    expect(versionIds()).toHaveLength(4);
    expect(new Set(versionIds()).size).toBe(4);
  });

  it('keeps node-status ids distinct from one another across version changes', async () => {
    const sut = new NodeStatusTracker(
      { nodeId: 'node1', url: 'http://n1' },
      new MemoryNodeStates(),
      publisher,
    );

    await sut.markUp(5, camunda('7.23.0'));
    await sut.markDown('restart');
    await sut.markUp(5, camunda('7.24.0'));
    await sut.markDown('restart');
    await sut.markUp(5, camunda('7.24.0'));

    const statusIds = publisher.eventsOf('camunda.node.status.v1').map((p) => p.eventId);
    expect(statusIds).toHaveLength(5);
    expect(new Set(statusIds).size).toBe(5);
  });

  it('repeats the same id when the change is published again after a crash before the state was saved', async () => {
    const states = new MemoryNodeStates();
    await new NodeStatusTracker({ nodeId: 'node1', url: 'http://n1' }, states, publisher).markUp(
      5,
      camunda('7.24.0'),
    );
    const failingSave = {
      load: (n: string) => states.load(n),
      save: jest.fn().mockRejectedValue(new Error('db down')),
    };

    await expect(
      new NodeStatusTracker({ nodeId: 'node1', url: 'http://n1' }, failingSave, publisher).markUp(
        5,
        camunda('7.25.0'),
      ),
    ).rejects.toThrow('db down');
    await new NodeStatusTracker({ nodeId: 'node1', url: 'http://n1' }, states, publisher).markUp(
      5,
      camunda('7.25.0'),
    );

    expect(versionIds().slice(1)).toEqual([versionIds()[1], versionIds()[1]]);
  });

  it('publishes the flavour once for a node whose state predates flavour detection, then nothing while it stays', async () => {
    const states = new MemoryNodeStates();
    await states.save('node1', {
      status: 'up',
      transitions: 3,
      engineVersion: '1.0.3',
      engineFlavour: null,
      schemaVersion: null,
    });
    const sut = new NodeStatusTracker({ nodeId: 'node1', url: 'http://n1' }, states, publisher);
    const operaton: EngineIdentity = {
      version: '1.0.3',
      flavour: 'operaton',
      product: 'Operaton BPM Runtime',
      schemaVersion: '7.24.0',
    };

    await sut.markUp(5, operaton);
    await sut.markUp(5, operaton);

    expect(versionIds()).toHaveLength(1);
    expect(publisher.publish).toHaveBeenLastCalledWith(
      'camunda.engine.version.v1',
      expect.objectContaining({
        version: '1.0.3',
        previousVersion: '1.0.3',
        flavour: 'operaton',
        schemaVersion: '7.24.0',
      }),
      expect.anything(),
    );
  });
});
