import { deriveEventId } from '@flowpilot/shared';
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
  let windows: Array<{ start: string; end: string; eventId?: string }>;
  const reader: MeterReader = { sums: async () => [{ name: 'job-failed', value: 2 }] };
  const build = () =>
    new EngineMetricsSnapshot(
      'node1',
      reader,
      marks,
      {
        publish: async (_topic, payload, options) => {
          const p = payload as { windowStart: string; windowEnd: string };
          windows.push({ start: p.windowStart, end: p.windowEnd, eventId: options?.eventId });
          return {} as never;
        },
      },
      MINUTE,
      10_000,
      () => clock,
    );

  beforeEach(() => {
    clock = T0 + 10_000 + 5_000;
    marks = new MemoryMarks();
    windows = [];
  });

  it('publishes consecutive aligned windows, each once, and catches up after a pause (also across a restart)', async () => {
    await build().runIfDue();
    clock += 3 * MINUTE;
    await build().runIfDue();

    expect(windows.map((w) => `${w.start.slice(11, 16)}-${w.end.slice(11, 16)}`)).toEqual([
      '03:59-04:00',
      '04:00-04:01',
      '04:01-04:02',
      '04:02-04:03',
    ]);
    expect(windows[1].eventId).toBe(deriveEventId('node1', 'engine-metrics', '2026-11-22T04:00:00.000Z'));
  });

  it('publishes nothing when no window closed since the last one', async () => {
    const sut = build();
    await sut.runIfDue();
    clock += MINUTE;
    await build().runIfDue();
    await build().runIfDue();

    expect(windows).toHaveLength(2);
  });
});
