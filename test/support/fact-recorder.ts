import type { RecordingPublisher } from '@flowpilot/shared/testing';
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

/** The fact topics whose payloads name their process definition. */
export type DefinitionFactTopic =
  | 'camunda.process.started.v1'
  | 'camunda.process.completed.v1'
  | 'camunda.activity.completed.v1'
  | 'camunda.incident.opened.v1'
  | 'camunda.user-task.created.v1'
  | 'camunda.user-task.completed.v1'
  | 'camunda.job.failed.v1';

/** Event ids of the facts `publisher` recorded on `topic` that belong to the given process keys, in publish order. */
export function eventIdsOf(
  publisher: RecordingPublisher,
  topic: DefinitionFactTopic,
  keys: readonly string[],
): string[] {
  return publisher
    .eventsOf(topic)
    .filter((event) => keys.includes(String(event.payload.processDefinitionKey)))
    .map((event) => event.eventId);
}
