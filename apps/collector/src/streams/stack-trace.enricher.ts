import type { StreamRow } from './fact-stream';

/** Reads the stack trace (or external-task error details) of a new incident; null when there is none. */
export type StackTraceReader = (incident: {
  jobId: string | null;
  externalTaskId: string | null;
}) => Promise<string | null>;

export const STACK_TRACE_LIMIT = 16_000;
/** Requests one page of new incidents may have in flight at a node: a backlog must not flood the engine. */
const CONCURRENT_READS = 8;

/** The `enrich` step of both incident-opened streams (SQL and REST): adds each incident's stack trace. */
export function withStackTraces(stackTraces: StackTraceReader) {
  return async (
    rows: StreamRow<'camunda.incident.opened.v1'>[],
  ): Promise<StreamRow<'camunda.incident.opened.v1'>[]> => {
    const enriched: StreamRow<'camunda.incident.opened.v1'>[] = [];
    for (let start = 0; start < rows.length; start += CONCURRENT_READS) {
      const chunk = rows.slice(start, start + CONCURRENT_READS);
      enriched.push(
        ...(await Promise.all(
          chunk.map(async (row) => ({
            ...row,
            payload: {
              ...row.payload,
              stackTrace: (await stackTraces(row.payload))?.slice(0, STACK_TRACE_LIMIT) ?? null,
            },
          })),
        )),
      );
    }
    return enriched;
  };
}
