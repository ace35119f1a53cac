import { Queryable } from '@flowpilot/shared';
import { ReportWindowPruner } from './report-window.pruner';

describe('ReportWindowPruner', () => {
  const now = new Date('2026-11-22T10:00:00.000Z');
  // Handed to the repositories only; the pruner never queries it itself.
  const db: Queryable = { query: jest.fn() };
  const pruner = () => {
    const calls = {
      sketches: jest.fn(async () => undefined),
      outcomes: jest.fn(async () => undefined),
      days: jest.fn(async () => undefined),
      ledger: jest.fn(async () => undefined),
    };
    const sut = new ReportWindowPruner(
      { intervalMs: 60_000, resultsLimit: 10, keepDays: 30, jobRiskHorizonDays: 7 },
      db,
      { pruneBefore: calls.ledger },
      { pruneBefore: calls.sketches },
      { pruneBefore: calls.outcomes },
      { pruneBefore: calls.days },
    );
    return { sut, calls };
  };

  it('keeps the start-up window when the run-time window is narrower', async () => {
    const { sut, calls } = pruner();

    await sut.prune(now, 7);

    expect(calls.sketches).toHaveBeenCalledWith(db, '2026-10-24');
    expect(calls.outcomes).toHaveBeenCalledWith(db, '2026-10-24', new Date('2026-11-22T08:00:00.000Z'));
    expect(calls.days).toHaveBeenCalledWith(db, '2026-10-24');
    expect(calls.ledger).toHaveBeenCalledWith(db, new Date('2026-10-23T10:00:00.000Z'));
  });

  it('keeps a run-time window wider than the start-up one', async () => {
    const { sut, calls } = pruner();

    await sut.prune(now, 60);

    expect(calls.sketches).toHaveBeenCalledWith(db, '2026-09-24');
    expect(calls.ledger).toHaveBeenCalledWith(db, new Date('2026-09-23T10:00:00.000Z'));
  });
});
