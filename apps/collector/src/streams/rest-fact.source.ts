import type { PayloadOf, TopicName } from '@flowpilot/shared';
import { camundaDate } from '../engine/collector-camunda.api';
import type { FactSource, StreamRow } from './fact-stream';
import { compareCursors, cursorTsOf, StreamCursor } from './stream-cursor.util';

/** A paged history list of /engine-rest with a "timestamp after/before" filter and a sort on that timestamp. */
export interface RestStreamQuery<P, R> {
  path: string;
  afterParam: string;
  beforeParam: string;
  sortBy: string;
  /** The item's timestamp the stream follows. */
  timestampOf: (item: R) => string | null;
  idOf: (item: R) => string;
  map: (item: R) => P;
}

export type RestPage = <R>(path: string, query: Record<string, string | number>) => Promise<R[]>;

/**
 * The REST counterpart of the SQL keyset read, for nodes without database
 * access. Camunda sorts by the timestamp only, so rows of equal timestamp are
 * fetched completely before the page is cut in (timestamp, id) order.
 */
export class RestFactSource<T extends TopicName, R> implements FactSource<T> {
  constructor(
    private readonly page: RestPage,
    private readonly pageSize: number,
    private readonly query: RestStreamQuery<PayloadOf<T>, R>,
  ) {}

  async fetch(after: StreamCursor, until: string | null, limit: number): Promise<StreamRow<T>[]> {
    const filter: Record<string, string | number> = {
      // Camunda's "after"/"before" are strict and millisecond-precise: widen by 1 ms and filter exactly below.
      [this.query.afterParam]: camundaDate(new Date(Date.parse(`${after.ts.slice(0, 23)}Z`) - 1)),
      sortBy: this.query.sortBy,
      sortOrder: 'asc',
    };
    if (until !== null)
      filter[this.query.beforeParam] = camundaDate(new Date(Date.parse(`${until.slice(0, 23)}Z`) + 1));
    const collected: StreamRow<T>[] = [];
    const seen = new Set<string>();
    for (let first = 0; ; first += this.pageSize) {
      const items = await this.page<R>(this.query.path, {
        ...filter,
        firstResult: first,
        maxResults: this.pageSize,
      });
      for (const item of items) {
        const row = this.toRow(item);
        // Ties on the timestamp have no stable order between two page requests (seen on Operaton over
        // PostgreSQL): the same row can come on two pages. A row skipped that way is in the next run's window.
        if (row && seen.has(row.id)) continue;
        if (row && compareCursors(row.cursor, after) > 0 && (until === null || row.cursor.ts <= until)) {
          collected.push(row);
          seen.add(row.id);
        }
      }
      if (items.length < this.pageSize) break;
      const lastTs = this.tsOf(items[items.length - 1]);
      collected.sort((a, b) => compareCursors(a.cursor, b.cursor));
      // Enough rows, and the next page cannot hold one that sorts before the cut (it has a later timestamp).
      if (collected.length >= limit && lastTs !== null && lastTs > collected[limit - 1].cursor.ts) break;
    }
    return collected.sort((a, b) => compareCursors(a.cursor, b.cursor)).slice(0, limit);
  }

  private tsOf(item: R): string | null {
    const raw = this.query.timestampOf(item);
    return raw ? cursorTsOf(new Date(raw)) : null;
  }

  private toRow(item: R): StreamRow<T> | null {
    const ts = this.tsOf(item);
    if (ts === null) return null;
    const id = this.query.idOf(item);
    return {
      id,
      cursor: { ts, id },
      occurredAt: new Date(`${ts.slice(0, 23)}Z`),
      payload: this.query.map(item),
    };
  }
}
