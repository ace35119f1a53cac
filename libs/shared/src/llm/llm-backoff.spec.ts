import { backoffCeilingMs, jitteredBackoffMs } from '../scheduling/backoff';
import { llmBackoffBounds, MAX_RETRY_AFTER_MS, retryAfterMs } from './llm-backoff';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

describe('LLM backoff', () => {
  it('doubles per attempt with equal jitter: half fixed, half random, never above the ceiling', () => {
    expect([1, 2, 3].map((attempt) => jitteredBackoffMs(attempt, llmBackoffBounds(100), () => 0))).toEqual([
      50, 100, 200,
    ]);
    expect([1, 2, 3].map((attempt) => jitteredBackoffMs(attempt, llmBackoffBounds(100), () => 1))).toEqual([
      100, 200, 400,
    ]);
    expect(backoffCeilingMs(40, llmBackoffBounds(1_000))).toBe(10_000);
  });

  it("takes the server's Retry-After (milliseconds first, else seconds), capped", () => {
    expect(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryAfterMs(headers({ 'retry-after': '2' }))).toBe(2_000);
    expect(retryAfterMs(headers({ 'retry-after': '3600' }))).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs(headers({ 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }))).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
  });
});
