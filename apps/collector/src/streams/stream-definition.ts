import type { PayloadOf, TopicName } from '@flowpilot/shared';
import type { EngineSql } from '../engine/engine-sql';
import type { CandidateLinkReader } from './candidates.enricher';
import type { AnyFactStream, FactStream, StreamRow } from './fact-stream';
import { RestFactSource, RestPage, RestStreamQuery } from './rest-fact.source';
import { SqlFactSource, SqlStreamQuery } from './sql-fact.source';
import type { StackTraceReader } from './stack-trace.enricher';

/** What a node offers the enrichment steps, whichever way its rows are read. */
export interface StreamReaders {
  stackTraces: StackTraceReader;
  candidateLinks: CandidateLinkReader;
}

/** The REST list of a stream and how one of its items becomes the stream's row. */
export type RestRowQuery<Dto, Row> = Omit<RestStreamQuery<unknown, Dto>, 'map'> & {
  toRow: (item: Dto) => Row;
};

/**
 * One history stream, declared once: its name (the key of its mark and event ids), topic, the mapper from
 * a row to the fact, the enrichment, and where the rows come from by SQL and by REST (null: SQL only).
 */
export interface StreamDefinition<T extends TopicName, Row, Dto> {
  name: string;
  topic: T;
  map: (row: Row) => PayloadOf<T>;
  sql: Omit<SqlStreamQuery<Row>, 'map'>;
  rest: RestRowQuery<Dto, Row> | null;
  enrich?: (readers: StreamReaders) => (rows: StreamRow<T>[]) => Promise<StreamRow<T>[]>;
  /** See `FactStream.urgent`. */
  urgent?: boolean;
}

/**
 * A declared stream with its row and item types hidden: it opens as a fact stream of its topic. It only
 * hands out streams of T, so a `HistoryStream<'camunda.…'>` is a `HistoryStream` and a list needs no cast.
 */
export interface HistoryStream<T extends TopicName = TopicName> {
  readonly name: string;
  readonly topic: T;
  sql(db: EngineSql, timeZone: string, readers: StreamReaders): AnyFactStream<T>;
  /** Null when the stream has no REST source. */
  rest(page: RestPage, pageSize: number, readers: StreamReaders): AnyFactStream<T> | null;
}

export function defineStream<T extends TopicName, Row, Dto = never>(
  definition: StreamDefinition<T, Row, Dto>,
): HistoryStream<T> {
  const { name, topic, map, rest } = definition;
  const open = (source: FactStream<T>['source'], readers: StreamReaders): AnyFactStream<T> => {
    const stream: FactStream<T> = { name, topic, source };
    if (definition.enrich) stream.enrich = definition.enrich(readers);
    if (definition.urgent) stream.urgent = true;
    return stream;
  };
  return {
    name,
    topic,
    sql: (db, timeZone, readers) =>
      open(new SqlFactSource(db, timeZone, { ...definition.sql, map }), readers),
    rest: (page, pageSize, readers) =>
      rest === null
        ? null
        : open(
            new RestFactSource(page, pageSize, { ...rest, map: (item: Dto) => map(rest.toRow(item)) }),
            readers,
          ),
  };
}
