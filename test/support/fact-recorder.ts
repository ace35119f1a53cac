import type { PublishItem, TopicName } from '@flowpilot/shared';
import type {
  PublishedFact,
  StoredMark,
  WatermarkStore,
} from '../../apps/collector/src/persistence/watermark.store';
import type { StreamCursor } from '../../apps/collector/src/streams/stream-cursor.util';

/** The collector's marks in memory, per stream, with the late-commit window's ids. */
export class MemoryWatermarks implements WatermarkStore {
  private readonly marks = new Map<string, StoredMark>();
  private readonly facts = new Map<string, PublishedFact[]>();

  async load(node: string, stream: string): Promise<StoredMark | null> {
    return this.marks.get(`${node}/${stream}`) ?? null;
  }

  async recentIds(node: string, stream: string, sinceTs: string): Promise<Set<string>> {
    return new Set(
      (this.facts.get(`${node}/${stream}`) ?? []).filter((f) => f.ts >= sinceTs).map((f) => f.id),
    );
  }

  async commit(
    node: string,
    stream: string,
    mark: { cursor: StreamCursor; timeZone: string },
    facts: PublishedFact[],
    pruneBefore: string,
  ): Promise<void> {
    const key = `${node}/${stream}`;
    this.marks.set(key, { cursor: mark.cursor, timeZone: mark.timeZone });
    this.facts.set(key, [...(this.facts.get(key) ?? []).filter((f) => f.ts >= pruneBefore), ...facts]);
  }
}

/** Every publish the runner makes, in order: a fact published twice shows up twice. */
export class RecordingPublisher {
  readonly published: Array<{ topic: TopicName; eventId: string; payload: Record<string, unknown> }> = [];

  async publishMany<T extends TopicName>(topic: T, items: PublishItem<T>[]): Promise<never[]> {
    for (const item of items)
      this.published.push({
        topic,
        eventId: item.options?.eventId ?? '',
        payload: item.payload as unknown as Record<string, unknown>,
      });
    return [];
  }

  /** Event ids of one topic's facts that belong to the given process keys. */
  eventIds(topic: TopicName, keys: readonly string[]): string[] {
    return this.published
      .filter((p) => p.topic === topic && keys.includes(String(p.payload.processDefinitionKey)))
      .map((p) => p.eventId);
  }
}
