import { waitFor } from '../../support/wait-for';
import { cycleCounts, nodeStatusFacts } from '../support/collector-checks';
import { delay, FaultContext } from '../support/fault-context';
import { record } from '../support/figures';
import { gatewayApi, readiness } from '../support/fault-apps';
import { FAILING_KEY, incidentIds, startInstances } from '../support/fault-models';
import { camundaUrl, privatePostgres } from '../support/private-stack';
import { acceptedTwice, deliveries } from '../support/webhook-checks';

const SERVICES = ['collector', 'incident-ai', 'gateway'] as const;
const NEW_INCIDENTS = 5;

export function postgresRestart(ctx: FaultContext): void {
  it('the services database restarted: readiness goes down and back up without restarting any service; new events are processed and served', async () => {
    const started = Date.now();
    const postgres = privatePostgres();
    await waitFor(
      'every service to be ready before the restart',
      async () => (await Promise.all(SERVICES.map((s) => readiness(s)))).every((ready) => ready === true),
      { timeoutMs: 60_000, intervalMs: 250 },
    );

    const statusFactsBefore = new Set((await nodeStatusFacts()).map((f) => f.eventId));
    const cyclesBefore = await cycleCounts();
    postgres.stop();
    const stoppedAt = Date.now();
    const notReady = await waitFor(
      'every service to report not-ready',
      async () => {
        const states = await Promise.all(SERVICES.map((s) => readiness(s)));
        return states.every((ready) => ready === false) && states;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const notReadyAfterMs = Date.now() - stoppedAt;
    await delay(3_000);
    postgres.start();
    const restartedAt = Date.now();
    await waitFor(
      'every service to report ready again',
      async () => (await Promise.all(SERVICES.map((s) => readiness(s)))).every((ready) => ready === true),
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const readyAgainMs = Date.now() - restartedAt;
    // The processes were never restarted: the same children still run.
    for (const service of SERVICES) expect(ctx.apps[service].running).toBe(true);

    const node1 = camundaUrl(1);
    const before = new Set(await incidentIds(node1, FAILING_KEY));
    const instances = await startInstances(node1, FAILING_KEY, NEW_INCIDENTS, 200);
    const served = await waitFor(
      'the new incidents with their analysis in the gateway API',
      async () => {
        const response = await gatewayApi(`/incidents?processDefinitionKey=${FAILING_KEY}&limit=200`);
        const body = (await response.json()) as {
          data: { incidentId: string; processInstanceId: string; analysis: unknown }[];
        };
        const analysed = body.data.filter((i) => instances.includes(i.processInstanceId) && i.analysis);
        return analysed.length === NEW_INCIDENTS && analysed;
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
    const newIncidentIds = served.map((i) => i.incidentId);
    expect(newIncidentIds.some((id) => before.has(id))).toBe(false);
    await waitFor(
      'their incident.analyzed webhooks',
      () => {
        const delivered = new Set(
          deliveries(ctx.receiver, 'incident.analyzed').map((w) => w.body.data.incidentId),
        );
        return newIncidentIds.every((id) => delivered.has(id));
      },
      { timeoutMs: 60_000 },
    );
    expect(notReady).toEqual([false, false, false]);
    expect(acceptedTwice(ctx.receiver)).toEqual([]);
    // The engines were healthy: cycles that stopped on the collector's own database are not held against them.
    const cyclesAfter = await cycleCounts();
    const countedAgainstEngines = Object.keys(cyclesBefore).map((node) => ({
      node,
      failed: cyclesAfter[node].failed - cyclesBefore[node].failed,
    }));
    expect(countedAgainstEngines).toEqual(Object.keys(cyclesBefore).map((node) => ({ node, failed: 0 })));
    expect(cyclesAfter.fnode1.stateFailed).toBeGreaterThan(cyclesBefore.fnode1.stateFailed);
    expect((await nodeStatusFacts()).filter((f) => !statusFactsBefore.has(f.eventId))).toEqual([]);
    record('postgres-restart', {
      durationMs: Date.now() - started,
      allNotReadyAfterMs: notReadyAfterMs,
      allReadyAgainAfterMs: readyAgainMs,
      incidentsChecked: NEW_INCIDENTS,
      cyclesStoppedOnCollectorDatabase: Object.keys(cyclesBefore)
        .map((node) => `${node}: ${cyclesAfter[node].stateFailed - cyclesBefore[node].stateFailed}`)
        .join(', '),
      cyclesCountedAgainstEngines: countedAgainstEngines.reduce((sum, c) => sum + c.failed, 0),
    });
  }, 240_000);
}
