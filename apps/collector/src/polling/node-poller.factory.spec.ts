import { CamundaFleet } from '@flowpilot/shared';
import { NodeEngineFactory } from '../engine/node-engine.factory';
import { CollectorEvents } from '../observability/collector.events';
import type { NodeStateStore } from '../persistence/node-state.store';
import type { WatermarkStore } from '../persistence/watermark.store';
import { NodeSnapshotsFactory } from '../snapshots/node-snapshots.factory';
import { NodeCycleFactory } from './node-cycle.factory';
import { NodePollerFactory } from './node-poller.factory';

// A healthy engine with no history and no external tasks: the cycle's only slow part is the collector's database.
jest.mock('../engine/collector-camunda.api', () => ({
  CollectorCamundaApi: class {
    readonly nodeId = 'node1';
    async version() {
      return '7.24.0';
    }
    async productName() {
      return 'Camunda BPM Runtime';
    }
    async externalTaskTopics() {
      return [];
    }
  },
}));
jest.mock('../streams/history.streams', () => ({ nodeStreams: () => [] }));

describe('NodePollerFactory', () => {
  it("does not hold a hanging snapshot-mark query against the node: it is the collector's database", async () => {
    let releaseMark: () => void = () => undefined;
    const snapshotMarks = {
      load: jest
        .fn(async () => null)
        .mockImplementationOnce(() => new Promise<null>((resolve) => (releaseMark = () => resolve(null)))),
      save: jest.fn(async () => undefined),
      reportedStalls: async () => new Map<string, string>(),
      saveStall: async () => undefined,
    };
    const nodeStates: NodeStateStore = {
      load: async () => ({
        status: 'up',
        transitions: 1,
        engineVersion: '7.24.0',
        engineFlavour: 'camunda7',
        schemaVersion: '7.24.0',
      }),
      save: async () => undefined,
    };
    const poll = {
      intervalMs: 1_000,
      nodeTimeoutMs: 50,
      circuitFailureThreshold: 1,
      circuitOpenMs: 60_000,
      runTimers: false,
    };
    const streams = {
      pageSize: 10,
      maxPagesPerCycle: 1,
      lateCommitOverlapMs: 0,
      initialBackfillMs: 0,
      engineTimeZone: 'UTC',
    };
    const fleet = {
      nodes: [{ name: 'node1', url: 'http://node1/engine-rest', index: 1 }],
      requestTimeoutMs: 1_000,
    };
    const snapshots = {
      intervalMs: 60_000,
      historySizeIntervalMs: 3_600_000,
      stuckInstanceDays: 7,
      stuckInstanceLimit: 100,
      archiveThresholdDays: 90,
      jvmMetricsUrls: new Map<string, string>(),
    };
    // The node has no history streams (mocked above), so no mark is ever read or moved.
    const noWatermarks: WatermarkStore = {
      load: async () => null,
      recentIds: async () => new Set<string>(),
      commit: async () => undefined,
    };
    const cycles = new NodeCycleFactory(
      poll,
      streams,
      new NodeEngineFactory(new CamundaFleet(fleet), { poolSize: 1 }, streams, poll),
      new NodeSnapshotsFactory(snapshots, streams, poll, fleet, snapshotMarks),
      noWatermarks,
    );
    const sut = new NodePollerFactory(
      poll,
      cycles,
      { publishMany: async () => [] },
      nodeStates,
      new CollectorEvents(),
    );
    const { poller } = sut.create(fleet.nodes[0]);

    const outcome = await poller.poll();
    releaseMark();
    await poller.settled();

    expect(snapshotMarks.load).toHaveBeenCalledWith('node1', 'external-task-backlog');
    expect(outcome).toMatchObject({
      outcome: 'state-failed',
      reason: expect.stringMatching(/longer than 50 ms/),
    });
    expect(poller.breaker.failures).toBe(0);
  });
});
