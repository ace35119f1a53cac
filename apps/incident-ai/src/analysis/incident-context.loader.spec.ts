import { AppLogger, IncidentOpened } from '@flowpilot/shared';
import { BpmnModel } from '../model/bpmn-model';
import { CamundaEngineApi } from '../model/camunda-engine.api';
import { ProcessModelCache } from '../model/process-model.cache';
import { processXml } from '../rules/rule-context.fixture';
import { IncidentContextLoader } from './incident-context.loader';

const incident: IncidentOpened = {
  incidentId: 'i1',
  incidentType: 'failedExternalTask',
  message: 'Request failed with status code 503',
  activityId: 'callBilling',
  failedActivityId: 'callBilling',
  processDefinitionId: 'billing:2:abc',
  processDefinitionKey: 'billing',
  processInstanceId: 'pi1',
  executionId: null,
  jobId: null,
  externalTaskId: 'et1',
  causeIncidentId: null,
  rootCauseIncidentId: null,
  tenantId: null,
  createdAt: '2026-11-22T04:00:00.000Z',
  stackTrace: null,
};

type Engine = Pick<CamundaEngineApi, 'knows' | 'jobStackTrace' | 'externalTaskErrorDetails'>;

const notExpected = async (): Promise<never> => {
  throw new Error('not expected in this test');
};

function loaderWith(engine: Partial<Engine>, models: Partial<Pick<ProcessModelCache, 'load'>>) {
  const lines: string[] = [];
  const logger = new AppLogger('incident-ai', 'warn', (line) => lines.push(line));
  const sut = new IncidentContextLoader(
    {
      knows: (n: string | null): n is string => n === 'node1',
      jobStackTrace: notExpected,
      externalTaskErrorDetails: notExpected,
      ...engine,
    },
    { load: notExpected, ...models },
    logger,
  );
  return { sut, lines };
}

describe('IncidentContextLoader', () => {
  it('fetches the external task error details the fact lacks and finds the failed activity in the model', async () => {
    const model = BpmnModel.parse(
      processXml('<bpmn:serviceTask id="callBilling" camunda:type="external" camunda:topic="billing" />'),
    );
    const { sut } = loaderWith(
      { externalTaskErrorDetails: async () => 'AxiosError: 503\n    at settle' },
      { load: async () => model },
    );

    const context = await sut.load(incident, 'node1');

    expect(context.facts).toMatchObject({
      stackTrace: 'AxiosError: 503\n    at settle',
      activityId: 'callBilling',
      incidentType: 'failedExternalTask',
    });
    expect(context.element).toMatchObject({
      id: 'callBilling',
      type: 'serviceTask',
      camunda: { type: 'external', topic: 'billing' },
    });
  });

  it('analyses the message alone when the node cannot give the model or the stack trace', async () => {
    const { sut, lines } = loaderWith(
      { externalTaskErrorDetails: async () => Promise.reject(new Error('node1 timed out')) },
      { load: async () => Promise.reject(new Error('node1 timed out')) },
    );

    const context = await sut.load(incident, 'node1');

    expect(context).toMatchObject({
      model: null,
      element: null,
      facts: { stackTrace: null, message: incident.message },
    });
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(
      expect.arrayContaining([
        'stack trace unavailable',
        'deployed model unavailable; analysing the message only',
      ]),
    );
  });

  it('does not call nodes it does not know', async () => {
    const load = jest.fn();
    const { sut } = loaderWith({}, { load });

    const context = await sut.load({ ...incident, stackTrace: 'given' }, 'node9');

    expect(load).not.toHaveBeenCalled();
    expect(context.facts.stackTrace).toBe('given');
  });

  it('takes a worker that sent no error details (the engine answers 204) as no stack trace, without a warning', async () => {
    const { sut, lines } = loaderWith(
      { externalTaskErrorDetails: async () => null },
      { load: async () => Promise.reject(new Error('not needed here')) },
    );

    const context = await sut.load({ ...incident, processDefinitionId: null }, 'node1');

    expect(context.facts.stackTrace).toBeNull();
    expect(lines).toEqual([]);
  });

  it("remembers each node's flavour from its engine's stack traces for incidents that name no package", async () => {
    const { sut } = loaderWith(
      {
        jobStackTrace: async (_node: string, jobId: string) =>
          jobId === 'j1'
            ? 'org.operaton.bpm.engine.ProcessEngineException: ENGINE-09027 Exception while resolving duedate'
            : null,
      },
      { load: async () => Promise.reject(new Error('no model')) },
    );
    const job = { ...incident, incidentType: 'failedJob', externalTaskId: null, processDefinitionId: null };

    const before = await sut.load({ ...job, jobId: 'j2' }, 'node1');
    await sut.load({ ...job, jobId: 'j1' }, 'node1');
    const after = await sut.load({ ...job, jobId: 'j2' }, 'node1');
    const otherNode = await sut.load({ ...job, jobId: 'j2', stackTrace: null }, 'node9');

    expect([before, after, otherNode].map((c) => c.flavour.flavour)).toEqual([
      'camunda',
      'operaton',
      'camunda',
    ]);
  });
});
