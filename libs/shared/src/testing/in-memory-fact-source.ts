import type { PayloadOf, TopicName } from '../contracts/topic-catalogue';

/**
 * The collector's source of facts restated structurally, because the collector owns it
 * (apps/collector/src/streams/fact-stream.ts) and the kit may not import an app. The types below
 * match `StreamCursor`, `StreamRow` and `FactSource` field for field, so an `InMemoryFactSource`
 * fits wherever the collector takes a `FactSource`.
 */

/** A position in a stream: the engine's zone-less timestamp (`YYYY-MM-DDTHH:MM:SS.ffffff`) and the row id. */
export interface FactCursor {
  ts: string;
  id: string;
}

export interface FactRow<T extends TopicName> {
  id: string;
  cursor: FactCursor;
  occurredAt: Date;
  payload: PayloadOf<T>;
}

/** Orders cursors as every source returns rows: by timestamp, then id. */
export function compareFactCursors(a: FactCursor, b: FactCursor): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

/**
 * An engine history table in memory: rows are inserted in any order and read back in (ts, id) order,
 * after a cursor and up to an optional timestamp, as the SQL keyset read does. It reads whole rows only;
 * `KeyedInMemoryFactSource` also reads positions alone and rows by id.
 */
export class InMemoryFactSource<T extends TopicName> {
  readonly rows: FactRow<T>[] = [];
  /** How many times `fetch` ran. */
  fetches = 0;

  /** @param payloadOf the payload of the row `id` that happened at `occurredAt` (ISO, UTC). */
  constructor(
    readonly topic: T,
    private readonly payloadOf: (id: string, occurredAt: string) => PayloadOf<T>,
  ) {}

  /** Adds the row `id` at cursor timestamp `ts`; its instant is `ts` read as UTC. */
  insert(id: string, ts: string): FactRow<T> {
    const occurredAt = `${ts.slice(0, 23)}Z`;
    const row = {
      id,
      cursor: { ts, id },
      occurredAt: new Date(occurredAt),
      payload: this.payloadOf(id, occurredAt),
    };
    this.rows.push(row);
    return row;
  }

  async fetch(after: FactCursor, until: string | null, limit: number): Promise<FactRow<T>[]> {
    this.fetches += 1;
    return [...this.rows]
      .sort((a, b) => compareFactCursors(a.cursor, b.cursor))
      .filter((r) => compareFactCursors(r.cursor, after) > 0 && (until === null || r.cursor.ts <= until))
      .slice(0, limit);
  }
}

/** The same table, also able to read only positions, and whole rows by id (the late-commit check's reads). */
export class KeyedInMemoryFactSource<T extends TopicName> extends InMemoryFactSource<T> {
  /** Every id asked for by `fetchByIds`, in order. */
  readonly rowsFetchedById: string[] = [];

  async fetchKeys(after: FactCursor, until: string, limit: number): Promise<FactCursor[]> {
    return (await this.fetch(after, until, limit)).map((r) => r.cursor);
  }

  /** Answers in reverse insertion order: callers may not rely on any order. */
  async fetchByIds(ids: string[]): Promise<FactRow<T>[]> {
    this.rowsFetchedById.push(...ids);
    return this.rows.filter((r) => ids.includes(r.id)).reverse();
  }
}
