import { compareCursors, cursorTsOf, isCursorTs, maxCursor, rewind } from './stream-cursor.util';

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
});
