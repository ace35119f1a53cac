import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the seconds until the next token', () => {
    const sut = new RateLimiter({ requestsPerMinute: 60, burst: 3 });

    const decisions = [0, 0, 0, 0].map(() => sut.take('k', 1_000));

    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3].retryAfterSeconds).toBe(1);
  });

  it('refills at the steady rate and keeps keys apart', () => {
    const sut = new RateLimiter({ requestsPerMinute: 6, burst: 1 });

    expect(sut.take('a', 0).allowed).toBe(true);
    expect(sut.take('a', 0)).toEqual({ allowed: false, retryAfterSeconds: 10, remaining: 0 });
    expect(sut.take('b', 0).allowed).toBe(true);
    expect(sut.take('a', 9_999).allowed).toBe(false);
    expect(sut.take('a', 10_001).allowed).toBe(true);
  });
});
