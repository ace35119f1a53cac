import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CAMUNDA_NODE1_URL, deployBpmn, startInstance, waitForIncident } from './camunda';

/** The model whose `computeDiscount` task reads a variable nobody sets: each instance stops on an incident. */
export const MISSING_VARIABLE_PROCESS_KEY = 'e2e-missing-variable';

/** Deploys the model to node1 (once: unchanged models are not redeployed), starts an instance, waits for its incident. */
export async function raiseMissingVariableIncident(): Promise<{
  instanceId: string;
  incident: Awaited<ReturnType<typeof waitForIncident>>;
}> {
  await deployBpmn(
    CAMUNDA_NODE1_URL,
    MISSING_VARIABLE_PROCESS_KEY,
    readFileSync(resolve(__dirname, '../fixtures/bpmn/e2e-missing-variable.bpmn'), 'utf8'),
  );
  const instanceId = await startInstance(CAMUNDA_NODE1_URL, MISSING_VARIABLE_PROCESS_KEY, {
    orderTotal: { value: 120, type: 'Double' },
  });
  return { instanceId, incident: await waitForIncident(CAMUNDA_NODE1_URL, instanceId) };
}

/** The body of a webhook subscription to the opened and analysed incidents of that model. */
export function missingVariableSubscription(url: string): object {
  return {
    url,
    events: ['incident.opened', 'incident.analyzed'],
    filters: { processDefinitionKeys: [MISSING_VARIABLE_PROCESS_KEY] },
  };
}
