import { DdSketch } from '../statistics/dd-sketch.util';
import { rankBottlenecks } from './bottleneck-ranking.util';

function windowOf(activityId: string, values: number[]) {
  const sketch = new DdSketch();
  values.forEach((v) => sketch.add(v));
  return {
    activityId,
    activityName: null,
    sketch,
    totalMs: values.reduce((s, v) => s + v, 0),
    maxMs: Math.max(...values),
  };
}

describe('rankBottlenecks', () => {
  it('ranks by p95 and reports the total time each activity costs', () => {
    const fastButFrequent = windowOf(
      'validate',
      Array.from({ length: 1_000 }, () => 200),
    );
    const slowTail = windowOf(
      'charge',
      Array.from({ length: 100 }, (_, i) => (i < 90 ? 100 : 20_000)),
    );

    const sut = rankBottlenecks([fastButFrequent, slowTail], 10);

    expect(sut.map((e) => e.activityId)).toEqual(['charge', 'validate']);
    expect(sut[0]).toMatchObject({ rank: 1, count: 100, totalMs: 209_000, maxMs: 20_000 });
    expect(sut[0].p95Ms).toBeGreaterThan(19_600);
    expect(sut[0].p50Ms).toBeLessThan(102);
    expect(sut[0].shareOfTotal + sut[1].shareOfTotal).toBeCloseTo(1, 9);
  });

  it('leaves out activities below the minimum sample size', () => {
    expect(rankBottlenecks([windowOf('rare', [50_000, 60_000])], 10)).toEqual([]);
  });
});
