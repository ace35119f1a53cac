import { Aggregates, compareAggregates } from './analyzer-aggregates';

const aggregates = (tables: Record<string, unknown[][]>): Aggregates =>
  new Map(Object.entries(tables).map(([table, rows]) => [table, rows.map((r) => JSON.stringify(r)).sort()]));

describe('compareAggregates', () => {
  it('finds equal aggregates equal, whatever the order the rows were read in', () => {
    const sut = compareAggregates(
      aggregates({
        duration_stats: [
          ['n', 'a', 3, 1.5],
          ['n', 'b', 1, 2],
        ],
      }),
      aggregates({
        duration_stats: [
          ['n', 'b', 1, 2],
          ['n', 'a', 3, 1.5],
        ],
      }),
    );

    expect(sut).toEqual({ tables: 1, rows: 2, differences: [], differingRows: 0 });
  });

  it('names the table and counts the rows on each side when they differ', () => {
    const sut = compareAggregates(
      aggregates({ duration_stats: [['n', 'a', 3]], process_days: [['p', 1]] }),
      aggregates({ duration_stats: [['n', 'a', 4]], process_days: [['p', 1]] }),
    );

    expect(sut.differingRows).toBe(2);
    expect(sut.differences).toEqual(['duration_stats: 1 row(s) only in the first, 1 only in the second']);
  });

  it('counts a row folded twice as a difference (a fact counted twice)', () => {
    const sut = compareAggregates(
      aggregates({ duration_days: [['k', 1]] }),
      aggregates({
        duration_days: [
          ['k', 1],
          ['k', 1],
        ],
      }),
    );

    expect(sut.differingRows).toBe(1);
  });

  it('counts a table missing on one side', () => {
    const sut = compareAggregates(aggregates({ open_incidents: [['i']] }), aggregates({}));

    expect(sut).toMatchObject({ tables: 1, differingRows: 1 });
  });
});
