import { waitFor } from './wait-for';

export const CAMUNDA_NODE1_URL = process.env.CAMUNDA_NODE_1_URL ?? 'http://127.0.0.1:8080/engine-rest';

/** Deploys one BPMN model to a real Camunda node and returns the process definition id. */
export async function deployBpmn(
  engineUrl: string,
  name: string,
  xml: string,
): Promise<{ deploymentId: string; definitionId: string }> {
  const form = new FormData();
  form.append('deployment-name', name);
  form.append('deploy-changed-only', 'true');
  form.append('data', new Blob([xml], { type: 'application/xml' }), `${name}.bpmn`);
  const response = await fetch(`${engineUrl}/deployment/create`, { method: 'POST', body: form });
  const body = (await response.json()) as {
    id: string;
    deployedProcessDefinitions?: Record<string, { id: string }> | null;
    message?: string;
  };
  if (!response.ok) throw new Error(`deploy ${name} failed: ${response.status} ${body.message}`);
  const definitions = Object.values(body.deployedProcessDefinitions ?? {});
  if (definitions.length > 0) return { deploymentId: body.id, definitionId: definitions[0].id };
  const latest = await camundaGet<{ id: string }>(engineUrl, `/process-definition/key/${name}`);
  return { deploymentId: body.id, definitionId: latest.id };
}

export async function startInstance(
  engineUrl: string,
  key: string,
  variables: Record<string, { value: unknown; type: string }> = {},
): Promise<string> {
  const response = await fetch(`${engineUrl}/process-definition/key/${key}/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ variables }),
  });
  const body = (await response.json()) as { id: string; message?: string };
  if (!response.ok) throw new Error(`start ${key} failed: ${response.status} ${body.message}`);
  return body.id;
}

export async function camundaGet<T>(engineUrl: string, path: string): Promise<T> {
  const response = await fetch(`${engineUrl}${path}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/** Waits for the incident Camunda itself records for an instance. */
export function waitForIncident(
  engineUrl: string,
  processInstanceId: string,
  timeoutMs = 60_000,
): Promise<{ id: string; incidentTimestamp: string; incidentMessage: string }> {
  return waitFor(
    `an incident on instance ${processInstanceId}`,
    async () => {
      const incidents = await camundaGet<
        { id: string; incidentTimestamp: string; incidentMessage: string }[]
      >(engineUrl, `/incident?processInstanceId=${processInstanceId}`);
      return incidents[0];
    },
    { timeoutMs, intervalMs: 250 },
  );
}
