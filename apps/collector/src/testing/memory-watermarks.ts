import type { PublishedFact, StoredMark, WatermarkStore } from '../persistence/watermark.store';
import type { StreamCursor } from '../streams/stream-cursor.util';

/**
 * The collector's high-water marks in memory, per node and stream, kept as the Postgres store keeps them:
 * a commit moves the mark, adds the facts just published and forgets those before `pruneBefore`.
 */
export class MemoryWatermarks implements WatermarkStore {
  private readonly marks = new Map<string, StoredMark>();
  private readonly facts = new Map<string, PublishedFact[]>();
  private nextCommitError: Error | null = null;

  /** The mark last committed for `stream` of `nodeId`, or null before the first commit. */
  markOf(nodeId: string, stream: string): StoredMark | null {
    return this.marks.get(`${nodeId}/${stream}`) ?? null;
  }

  /**
   * The next commit that carries facts throws `error` and saves nothing, as if the database went away
   * after the publish. Commits without facts (a new stream's starting point) still pass.
   */
  failNextCommitWith(error: Error): void {
    this.nextCommitError = error;
  }

  async load(nodeId: string, stream: string): Promise<StoredMark | null> {
    return this.markOf(nodeId, stream);
  }

  async recentIds(nodeId: string, stream: string, sinceTs: string): Promise<Set<string>> {
    const facts = this.facts.get(`${nodeId}/${stream}`) ?? [];
    return new Set(facts.filter((f) => f.ts >= sinceTs).map((f) => f.id));
  }

  async commit(
    nodeId: string,
    stream: string,
    mark: { cursor: StreamCursor; timeZone: string },
    facts: PublishedFact[],
    pruneBefore: string,
  ): Promise<void> {
    const error = facts.length > 0 ? this.nextCommitError : null;
    if (error) {
      this.nextCommitError = null;
      throw error;
    }
    const key = `${nodeId}/${stream}`;
    this.marks.set(key, { cursor: mark.cursor, timeZone: mark.timeZone });
    this.facts.set(
      key,
      [...(this.facts.get(key) ?? []), ...facts].filter((f) => f.ts >= pruneBefore),
    );
  }
}
