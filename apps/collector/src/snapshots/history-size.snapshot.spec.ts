import { cleanupAdvice } from './history-size.snapshot';

describe('history cleanup advice', () => {
  it('asks for a time-to-live on the definitions without one, and for cleanup of the old rows', () => {
    const sut = cleanupAdvice(
      [
        { table: 'act_hi_procinst', rows: 1_000, rowsOlderThanThreshold: 400, bytes: 1_000_000 },
        { table: 'act_hi_actinst', rows: 9_000, rowsOlderThanThreshold: 3_600, bytes: 4_000_000 },
      ],
      ['invoice', 'order'],
      90,
    );

    expect(sut).toHaveLength(2);
    expect(sut[0]).toMatch(
      /2 process definition\(s\) have no history time-to-live \(invoice, order\).*historyTimeToLive="P90D"/,
    );
    expect(sut[1]).toMatch(/act_hi_procinst: 400, act_hi_actinst: 3600.*POST \/history\/cleanup/);
  });

  it('points at variable history when it dominates, and gives no advice for a small, tidy history', () => {
    const heavy = cleanupAdvice(
      [
        { table: 'act_hi_procinst', rows: 10, rowsOlderThanThreshold: 0, bytes: 100 },
        { table: 'act_hi_detail', rows: 10_000, rowsOlderThanThreshold: 0, bytes: 900 },
      ],
      [],
      90,
    );
    const tidy = cleanupAdvice(
      [{ table: 'act_hi_procinst', rows: 10, rowsOlderThanThreshold: 0, bytes: 100 }],
      [],
      90,
    );

    expect(heavy).toEqual([expect.stringMatching(/history level "audit"/)]);
    expect(tidy).toEqual([]);
  });
});
