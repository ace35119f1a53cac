import { leastSquaresSlope } from './linear-trend.util';

describe('leastSquaresSlope', () => {
  it('recovers the slope of a line', () => {
    expect(leastSquaresSlope([0, 1, 2, 3].map((x) => ({ x, y: 0.1 + 0.05 * x })))).toBeCloseTo(0.05, 12);
  });

  it('is 0 without two distinct x', () => {
    expect(leastSquaresSlope([{ x: 1, y: 3 }])).toBe(0);
    expect(
      leastSquaresSlope([
        { x: 1, y: 3 },
        { x: 1, y: 5 },
      ]),
    ).toBe(0);
  });
});
