import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  camundaGet,
  CAMUNDA_NODE1_URL,
  deployBpmn,
  startInstance,
  waitForIncident,
} from '../../../../test/support/camunda';
import { waitFor } from '../../../../test/support/wait-for';
import { incidentAnalyzed, incidentOpened } from '../../test/live-payloads';
import { GatewayUnderTest } from '../../test/gateway-under-test';

/** A real incident on Camunda node1, fixed through the gateway: dry run changes nothing, apply lets the instance finish. */
const sut = new GatewayUnderTest('fix', {
  env: { CAMUNDA_NODE_1_NAME: 'node1', CAMUNDA_NODE_1_URL: CAMUNDA_NODE1_URL },
});
const { run, adminKey, gateway } = sut;
const PROCESS_KEY = 'gateway-remediation-it';

interface EngineIncident {
  id: string;
  incidentType: string;
  configuration: string;
  activityId: string;
  processDefinitionId: string;
  incidentTimestamp: string;
  incidentMessage: string;
}

describe('remediation (real Camunda node1)', () => {
  beforeAll(() => sut.start(), 120_000);
  afterAll(() => sut.stop(), 60_000);

  it('plans without touching the engine, refuses apply without admin, then sets the variable and retries the job', async () => {
    await deployBpmn(
      CAMUNDA_NODE1_URL,
      PROCESS_KEY,
      readFileSync(resolve(__dirname, '../../test/fixtures/gateway-remediation.bpmn'), 'utf8'),
    );
    const instanceId = await startInstance(CAMUNDA_NODE1_URL, PROCESS_KEY);
    const engineIncident = (await waitForIncident(CAMUNDA_NODE1_URL, instanceId)) as EngineIncident;
    const opened = incidentOpened({
      incidentId: engineIncident.id,
      incidentType: engineIncident.incidentType,
      message: engineIncident.incidentMessage,
      activityId: engineIncident.activityId,
      failedActivityId: engineIncident.activityId,
      processDefinitionId: engineIncident.processDefinitionId,
      processDefinitionKey: PROCESS_KEY,
      processInstanceId: instanceId,
      jobId: engineIncident.configuration,
      createdAt: new Date(engineIncident.incidentTimestamp).toISOString(),
    });
    await sut.publisher.publish('camunda.incident.opened.v1', opened, { nodeId: 'node1' });
    // The analysis asks for the variable the fixture's expression reads.
    const analysis = incidentAnalyzed(opened, {
      remediation: {
        action: 'set-variable',
        retries: 1,
        variables: { customerId: { value: null, type: 'String', valueRequired: true } },
        rationale: 'Provide it, then retry.',
      },
    });
    await sut.publisher.publish('incident.analysis.v1', analysis, { nodeId: 'node1' });
    const path = `/incidents/node1/${engineIncident.id}/remediation`;
    await waitFor(
      'the analysed incident',
      async () =>
        (
          (await (await gateway.api(`/incidents/node1/${engineIncident.id}`, adminKey)).json()) as {
            analysis: unknown;
          }
        ).analysis ?? undefined,
    );

    const withoutValue = await gateway.api(`${path}/dry-run`, adminKey, { method: 'POST', body: '{}' });
    expect({ status: withoutValue.status, body: await withoutValue.json() }).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', details: { missingVariables: ['customerId'] } },
    });

    const body = JSON.stringify({ variables: { customerId: { value: `C-${run}`, type: 'String' } } });
    const dryRun = await gateway.api(`${path}/dry-run`, adminKey, { method: 'POST', body });
    const plan = (await dryRun.json()) as {
      incidentOpenOnEngine: boolean;
      applied: boolean;
      steps: { path: string; status: string }[];
    };
    expect(dryRun.status).toBe(200);
    expect(plan).toMatchObject({ incidentOpenOnEngine: true, applied: false });
    expect(plan.steps.map((s) => [s.path, s.status])).toEqual([
      [`/process-instance/${instanceId}/variables`, 'planned'],
      [`/job/${engineIncident.configuration}/retries`, 'planned'],
    ]);
    const job = await camundaGet<{ retries: number }>(
      CAMUNDA_NODE1_URL,
      `/job/${engineIncident.configuration}`,
    );
    expect(job.retries).toBe(0);

    const writerKey = (await (
      await gateway.api('/api-keys', adminKey, {
        method: 'POST',
        body: JSON.stringify({ name: 'writer', scopes: ['write'] }),
      })
    ).json()) as { key: string };
    expect((await gateway.api(`${path}/apply`, writerKey.key, { method: 'POST', body })).status).toBe(403);

    const misfit = JSON.stringify({ variables: { customerId: { value: 42, type: 'String' } } });
    const refused = await gateway.api(`${path}/apply`, adminKey, { method: 'POST', body: misfit });
    expect({ status: refused.status, body: await refused.json() }).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', details: { issues: [{ path: 'variables.customerId.value' }] } },
    });
    expect(
      await camundaGet<unknown[]>(
        CAMUNDA_NODE1_URL,
        `/variable-instance?processInstanceIdIn=${instanceId}&variableName=customerId`,
      ),
    ).toEqual([]);

    const applied = await gateway.api(`${path}/apply`, adminKey, { method: 'POST', body });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({
      applied: true,
      steps: [{ status: 'done' }, { status: 'done' }],
    });
    const finished = await waitFor('the instance to finish', async () => {
      const history = await camundaGet<{ state: string }>(
        CAMUNDA_NODE1_URL,
        `/history/process-instance/${instanceId}`,
      );
      return history.state === 'COMPLETED' ? history : undefined;
    });
    expect(finished.state).toBe('COMPLETED');

    const audit = (await (await gateway.api('/audit?action=remediation.apply', adminKey)).json()) as {
      data: { target: string; outcome: string }[];
    };
    expect(audit.data[0]).toMatchObject({ target: `node1/${engineIncident.id}`, outcome: 'succeeded' });
  }, 120_000);
});
