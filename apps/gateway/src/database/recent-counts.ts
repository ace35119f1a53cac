interface Entry {
  value: Promise<number>;
  expiresAt: number;
}

/**
 * Row counts remembered for `ttlMs`, keyed by the query that made them.
 * Counting is linear in the rows that match, while a page is not: paging
 * through a list or polling it would count the same rows over and over.
 * Concurrent requests for the same key share one count; a failed count is
 * not remembered. A `ttlMs` of 0 counts every time.
 */
export class RecentCounts {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string, count: () => Promise<number>): Promise<number> {
    if (this.ttlMs === 0) return count();
    const now = this.clock();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    if (this.entries.size >= this.maxEntries) this.evictExpiredOrOldest(now);
    const value = count();
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  private evictExpiredOrOldest(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    // Map iteration is insertion order: the first key is the oldest.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
