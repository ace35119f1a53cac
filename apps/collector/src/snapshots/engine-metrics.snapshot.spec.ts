import { deriveEventId } from '@flowpilot/shared';
import { RecordingPublisher } from '@flowpilot/shared/testing';
import type { SnapshotMark } from '../persistence/snapshot-mark.store';
import { EngineMetricsSnapshot, MeterReader } from './engine-metrics.snapshot';

class MemoryMarks {
  marks = new Map<string, SnapshotMark>();
  async load(nodeId: string, kind: string) {
    return this.marks.get(`${nodeId}/${kind}`) ?? null;
  }
  async save(nodeId: string, kind: string, mark: SnapshotMark) {
    this.marks.set(`${nodeId}/${kind}`, mark);
  }
}

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-22T04:00:00.000Z');

describe('EngineMetricsSnapshot', () => {
  let clock: number;
  let marks: MemoryMarks;
  let publisher: RecordingPublisher;
  const windows = () =>
    publisher.eventsOf('camunda.engine.metrics.v1').map(({ payload, eventId }) => ({
      start: payload.windowStart,
      end: payload.windowEnd,
      eventId,
    }));
  const reader: MeterReader = { sums: async () => [{ name: 'job-failed', value: 2 }] };
  const build = () =>
    new EngineMetricsSnapshot({
      nodeId: 'node1',
      publisher,
      reader,
      marks,
      intervalMs: MINUTE,
      settleMs: 10_000,
      now: () => clock,
    });

  beforeEach(() => {
    clock = T0 + 10_000 + 5_000;
    marks = new MemoryMarks();
    publisher = new RecordingPublisher();
  });

  it('publishes consecutive aligned windows, each once, and catches up after a pause (also across a restart)', async () => {
    await build().runIfDue();
    clock += 3 * MINUTE;
    await build().runIfDue();

    expect(windows().map((w) => `${w.start.slice(11, 16)}-${w.end.slice(11, 16)}`)).toEqual([
      '03:59-04:00',
      '04:00-04:01',
      '04:01-04:02',
      '04:02-04:03',
    ]);
    expect(windows()[1].eventId).toBe(deriveEventId('node1', 'engine-metrics', '2026-11-22T04:00:00.000Z'));
  });

  it('publishes nothing when no window closed since the last one', async () => {
    const sut = build();
    await sut.runIfDue();
    clock += MINUTE;
    await build().runIfDue();
    await build().runIfDue();

    expect(windows()).toHaveLength(2);
  });
});
