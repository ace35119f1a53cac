import type { PayloadOf, TopicName } from '@flowpilot/shared';
import type { StreamCursor } from './stream-cursor.util';

/** One engine row turned into a fact, with its place in the stream. */
export interface StreamRow<T extends TopicName> {
  /** Unique within the stream (incident id, activity instance id, job-log id, …). */
  id: string;
  cursor: StreamCursor;
  /** When the fact happened, for the envelope's occurredAt. */
  occurredAt: Date;
  payload: PayloadOf<T>;
}

/** Reads one kind of engine row (SQL or REST), oldest first. */
export interface FactSource<T extends TopicName> {
  /** Rows after `after` in (timestamp, id) order, not later than `until` when given, at most `limit`. */
  fetch(after: StreamCursor, until: string | null, limit: number): Promise<StreamRow<T>[]>;
  /** Only the positions of the rows `fetch` would return: enough to tell which ones are already published. */
  fetchKeys?(after: StreamCursor, until: string, limit: number): Promise<StreamCursor[]>;
  /** The rows with these ids (in any order). */
  fetchByIds?(ids: string[]): Promise<StreamRow<T>[]>;
}

/** A stream of facts published once each: its name keys the high-water mark and the event ids. */
export interface FactStream<T extends TopicName = TopicName> {
  name: string;
  topic: T;
  source: FactSource<T>;
  /** Adds what the row alone does not hold (stack traces, candidate groups); runs on new rows only. */
  enrich?: (rows: StreamRow<T>[]) => Promise<StreamRow<T>[]>;
  /**
   * Read again between the pages of the other streams when a cycle is busy, so that its facts (incidents,
   * which integrators are alerted on) do not wait behind a backlog of bulk rows.
   */
  urgent?: boolean;
}

/**
 * A stream of any one topic. Distributing over the topics keeps each member's topic, source and enrichment
 * together, so a list of streams of different topics needs no cast; for one topic T it is `FactStream<T>`.
 */
export type AnyFactStream<T extends TopicName = TopicName> = { [P in T]: FactStream<P> }[T];
