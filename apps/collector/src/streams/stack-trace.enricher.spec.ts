import type { IncidentOpened } from '@flowpilot/shared';
import type { StreamRow } from './fact-stream';
import { STACK_TRACE_LIMIT, withStackTraces } from './stack-trace.enricher';

function row(id: string): StreamRow<'camunda.incident.opened.v1'> {
  const payload: IncidentOpened = {
    incidentId: id,
    incidentType: 'failedJob',
    message: null,
    activityId: null,
    failedActivityId: null,
    processDefinitionId: null,
    processDefinitionKey: null,
    processInstanceId: null,
    executionId: null,
    jobId: `job-${id}`,
    externalTaskId: null,
    causeIncidentId: null,
    rootCauseIncidentId: null,
    tenantId: null,
    createdAt: new Date(0).toISOString(),
    stackTrace: null,
  };
  return { id, cursor: { ts: '2026-11-22 04:00:00.000', id }, occurredAt: new Date(0), payload };
}

describe('withStackTraces', () => {
  it('adds each clipped stack trace with at most 8 reads at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const sut = withStackTraces(async ({ jobId }) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      return jobId === 'job-0'
        ? 'x'.repeat(STACK_TRACE_LIMIT + 10)
        : jobId === 'job-1'
          ? null
          : `trace of ${jobId}`;
    });

    const rows = await sut(Array.from({ length: 20 }, (_, i) => row(String(i))));

    expect(peak).toBe(8);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(rows[0].payload.stackTrace).toHaveLength(STACK_TRACE_LIMIT);
    expect(rows[1].payload.stackTrace).toBeNull();
    expect(rows[2].payload.stackTrace).toBe('trace of job-2');
  });
});
