import { trendOf as sut } from './pattern-trend.util';

const HOUR = 3_600_000;
const now = new Date('2026-11-22T12:00:00Z');
const longAgo = new Date(now.getTime() - 72 * HOUR);

describe('trendOf', () => {
  it('calls a pattern first seen inside the window new', () => {
    expect(sut(3, 0, new Date(now.getTime() - HOUR), now, 24 * HOUR)).toBe('new');
  });

  it('calls a clear increase rising and a clear decrease falling', () => {
    expect(sut(9, 3, longAgo, now, 24 * HOUR)).toBe('rising');
    expect(sut(2, 8, longAgo, now, 24 * HOUR)).toBe('falling');
  });

  it('treats a difference of one incident as stable', () => {
    expect(sut(2, 1, longAgo, now, 24 * HOUR)).toBe('stable');
    expect(sut(0, 1, longAgo, now, 24 * HOUR)).toBe('stable');
  });
});
