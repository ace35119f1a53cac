import { findCycle, findDuration, toIsoDuration } from './duration.util';

describe('durations', () => {
  it.each([
    ['wait 3 days', 'P3D'],
    ['within 2 hours', 'PT2H'],
    ['after 30 seconds', 'PT30S'],
    ['in half an hour', 'PT30M'],
    ['for 1.5 hours', 'PT90M'],
    ['for two weeks', 'P2W'],
    ['within 5 business days', 'P5D'],
    ['for a month', 'P1M'],
  ])('%s → %s', (text, iso) => {
    expect(findDuration(text)).toBe(iso);
  });

  it('finds no duration in text without one', () => {
    expect(findDuration('wait for the signed contract')).toBeNull();
  });

  it.each([
    ['every 5 minutes', 'R/PT5M'],
    ['Every night, export', 'R/P1D'],
    ['runs hourly', 'R/PT1H'],
    ['every 2 days', 'R/P2D'],
  ])('%s → %s', (text, cycle) => {
    expect(findCycle(text)).toBe(cycle);
  });

  it('rejects amounts that are not numbers', () => {
    const sut = toIsoDuration('several', 'days');

    expect(sut).toBeNull();
  });
});
