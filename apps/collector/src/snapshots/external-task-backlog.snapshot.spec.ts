import { RecordingPublisher } from '@flowpilot/shared/testing';
import type { SnapshotMark } from '../persistence/snapshot-mark.store';
import { BacklogReader, ExternalTaskBacklogSnapshot } from './external-task-backlog.snapshot';

describe('ExternalTaskBacklogSnapshot', () => {
  let clock: number;
  let backlog: Awaited<ReturnType<BacklogReader['read']>>;
  let marks: Map<string, SnapshotMark>;
  let publisher: RecordingPublisher;
  const build = () =>
    new ExternalTaskBacklogSnapshot({
      nodeId: 'node1',
      publisher,
      reader: { read: async () => backlog },
      marks: {
        load: async (_n: string, kind: string) => marks.get(kind) ?? null,
        save: async (_n: string, kind: string, mark: SnapshotMark) => void marks.set(kind, mark),
      },
      intervalMs: 5_000,
      heartbeatMs: 60_000,
      now: () => clock,
    });

  beforeEach(() => {
    clock = 0;
    marks = new Map();
    publisher = new RecordingPublisher();
    backlog = [
      { topicName: 'charge', open: 3, locked: 1, withoutRetries: 0, oldestOpenCreatedAt: null },
      { topicName: 'ship', open: 0, locked: 0, withoutRetries: 2, oldestOpenCreatedAt: null },
    ];
  });

  it('publishes totals, then only on change or after the heartbeat (also across a restart)', async () => {
    await build().runIfDue();
    clock += 5_000;
    await build().runIfDue();
    backlog = [{ ...backlog[0], open: 4 }, backlog[1]];
    clock += 5_000;
    await build().runIfDue();
    clock += 60_000;
    await build().runIfDue();

    expect(publisher.payloadsOf('camunda.external-task.backlog.v1').map((p) => p.totals)).toEqual([
      { open: 3, locked: 1, withoutRetries: 2 },
      { open: 4, locked: 1, withoutRetries: 2 },
      { open: 4, locked: 1, withoutRetries: 2 },
    ]);
  });
});
