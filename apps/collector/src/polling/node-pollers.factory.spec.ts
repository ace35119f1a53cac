import type { CollectorConfig } from '../collector.config';
import { CollectorEvents } from '../observability/collector-events';
import type { NodeStateStore } from '../persistence/node-state.store';
import type { SnapshotMarkStore } from '../persistence/snapshot-mark.store';
import type { WatermarkStore } from '../persistence/watermark.store';
import { buildNodePollers } from './node-pollers.factory';

// A healthy engine with no history and no external tasks: the cycle's only slow part is the collector's database.
jest.mock('../engine/collector-camunda.api', () => ({
  CollectorCamundaApi: class {
    readonly nodeName = 'node1';
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
jest.mock('../streams/history-rest.streams', () => ({ historyRestStreams: () => [] }));

describe('buildNodePollers', () => {
  it("does not hold a hanging snapshot-mark query against the node: it is the collector's database", async () => {
    let releaseMark: () => void = () => undefined;
    const snapshotMarks = {
      load: jest
        .fn(async () => null)
        .mockImplementationOnce(() => new Promise<null>((resolve) => (releaseMark = () => resolve(null)))),
      save: jest.fn(async () => undefined),
    } as unknown as SnapshotMarkStore;
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
    const config = {
      nodes: [{ name: 'node1', url: 'http://node1/engine-rest', index: 1 }],
      jvmMetricsUrls: new Map(),
      NODE_POLL_TIMEOUT_MS: 50,
      CIRCUIT_FAILURE_THRESHOLD: 1,
      CIRCUIT_OPEN_MS: 60_000,
      CAMUNDA_REQUEST_TIMEOUT_MS: 1_000,
      POLL_PAGE_SIZE: 10,
      MAX_PAGES_PER_CYCLE: 1,
      LATE_COMMIT_OVERLAP_MS: 0,
      INITIAL_BACKFILL_DAYS: 0,
      CAMUNDA_DB_TIME_ZONE: 'UTC',
      POLL_INTERVAL_MS: 1_000,
      SNAPSHOT_INTERVAL_MS: 60_000,
    } as unknown as CollectorConfig;
    const [{ poller }] = buildNodePollers(
      config,
      { publishMany: async () => [] } as never,
      { watermarks: {} as WatermarkStore, nodeStates, snapshotMarks },
      new CollectorEvents(),
    );

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
