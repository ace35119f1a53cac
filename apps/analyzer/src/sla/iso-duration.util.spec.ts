import { hoursToIsoDuration, isoDurationToMs } from './iso-duration.util';

describe('isoDurationToMs', () => {
  it.each([
    ['PT8H', 8 * 3_600_000],
    ['P2D', 2 * 86_400_000],
    ['P1DT12H', 36 * 3_600_000],
    ['PT90M', 90 * 60_000],
    ['PT4S', 4_000],
    ['PT0.5S', 500],
    ['P1W', 7 * 86_400_000],
    ['P1M', 30 * 86_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(isoDurationToMs(text)).toBe(ms);
  });

  it.each(['P', 'PT', '8H', 'PT8', 'P1H', ''])('rejects %j', (text) => {
    expect(() => isoDurationToMs(text)).toThrow(RangeError);
  });

  it('writes default hours back as a duration that parses to the same time', () => {
    expect(isoDurationToMs(hoursToIsoDuration(24))).toBe(24 * 3_600_000);
    expect(isoDurationToMs(hoursToIsoDuration(0.5))).toBe(1_800_000);
  });
});
