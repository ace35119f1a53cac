import {
  compareCursors,
  convertCursor,
  cursorTsIn,
  cursorTsOf,
  isCursorTs,
  maxCursor,
  rewind,
} from './stream-cursor.util';

describe('stream cursors', () => {
  it('order by timestamp first, then by id', () => {
    const a = { ts: '2026-11-22T11:30:00.000001', id: 'z' };
    const b = { ts: '2026-11-22T11:30:00.000002', id: 'a' };

    expect(compareCursors(a, b)).toBe(-1);
    expect(compareCursors(b, a)).toBe(1);
    expect(compareCursors(a, { ...a, id: 'zz' })).toBe(-1);
    expect(compareCursors(a, { ...a })).toBe(0);
    expect(maxCursor(b, a)).toBe(b);
  });

  it('rewinds by wall-clock milliseconds and keeps the microseconds', () => {
    const sut = rewind('2026-11-22T00:00:30.123456', 60_000);

    expect(sut).toBe('2026-11-21T23:59:30.123456');
    expect(isCursorTs(sut)).toBe(true);
  });

  it('turns a Date into a microsecond cursor timestamp', () => {
    expect(cursorTsOf(new Date('2026-11-22T04:05:06.789Z'))).toBe('2026-11-22T04:05:06.789000');
  });

  it('writes an instant as wall-clock time of a zone', () => {
    const instant = new Date('2026-11-22T23:30:00.123Z');

    expect(cursorTsIn(instant, 'UTC')).toBe('2026-11-22T23:30:00.123000');
    expect(cursorTsIn(instant, 'Europe/Paris')).toBe('2026-11-23T00:30:00.123000');
    expect(cursorTsIn(instant, 'America/New_York')).toBe('2026-11-22T18:30:00.123000');
  });

  it('converts a mark between time bases, cut to the millisecond and without its id', () => {
    const sql = { ts: '2026-11-23T00:30:00.123456', id: 'row-9' };

    expect(convertCursor(sql, 'Europe/Paris', 'UTC')).toEqual({ ts: '2026-11-22T23:30:00.123000', id: '' });
    expect(convertCursor({ ts: '2026-11-22T23:30:00.123000', id: 'x' }, 'UTC', 'America/New_York')).toEqual({
      ts: '2026-11-22T18:30:00.123000',
      id: '',
    });
    expect(convertCursor(sql, 'Europe/Paris', 'Europe/Paris')).toBe(sql);
  });

  it('takes the earlier side of a DST change, so a converted mark re-reads rather than skips', () => {
    // 02:30 on 2026-10-25 happens twice in Paris (CEST, then CET): the first one is 00:30 UTC.
    expect(convertCursor({ ts: '2026-10-25T02:30:00.000000', id: '' }, 'Europe/Paris', 'UTC').ts).toBe(
      '2026-10-25T00:30:00.000000',
    );
    // 02:30 on 2026-03-29 does not exist in Paris: the mark goes before the gap.
    expect(convertCursor({ ts: '2026-03-29T02:30:00.000000', id: '' }, 'Europe/Paris', 'UTC').ts).toBe(
      '2026-03-29T00:30:00.000000',
    );
  });
});
