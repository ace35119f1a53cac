import { camundaGet, deployBpmn, startInstance } from '../../support/camunda';
import { failingJobModel, fanOutModel, quickModel } from '../../support/bpmn-models';
import { RUN } from './fault-apps';

/** Completes as soon as it starts: one process-started and one process-completed fact per instance. */
export const QUICK_KEY = `faults_quick_${RUN}`;
/** Fails its first job (no retry left): one incident per instance. */
export const FAILING_KEY = `faults_failing_${RUN}`;
/** Hundreds of activity facts per start (a multi-instance burst): batches for the analyzer to be killed in. */
export const FAN_OUT_KEY = `faults_fanout_${RUN}`;
export const FAN_OUT_WIDTH = 300;

export async function deployFaultModels(engineUrl: string): Promise<void> {
  await deployBpmn(engineUrl, QUICK_KEY, quickModel(QUICK_KEY));
  await deployBpmn(engineUrl, FAILING_KEY, failingJobModel(FAILING_KEY));
  await deployBpmn(engineUrl, FAN_OUT_KEY, fanOutModel(FAN_OUT_KEY, FAN_OUT_WIDTH));
}

/** Starts `count` instances one after another, `gapMs` apart; returns their ids. */
export async function startInstances(
  engineUrl: string,
  key: string,
  count: number,
  gapMs = 0,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(await startInstance(engineUrl, key));
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return ids;
}

/** Camunda's own record: the instances of a definition it has finished, by id. */
export async function finishedInstanceIds(engineUrl: string, key: string): Promise<string[]> {
  const rows = await camundaGet<{ id: string }[]>(
    engineUrl,
    `/history/process-instance?processDefinitionKey=${key}&finished=true&maxResults=10000`,
  );
  return rows.map((r) => r.id);
}

/** Camunda's own record: the incidents of a definition, by id. */
export async function incidentIds(engineUrl: string, key: string): Promise<string[]> {
  const rows = await camundaGet<{ id: string }[]>(
    engineUrl,
    `/history/incident?processDefinitionKey=${key}&maxResults=10000`,
  );
  return rows.map((r) => r.id);
}
