import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const PROCESSES_DIR = resolve(__dirname, '../../../../processes');

type Json = Record<string, unknown>;

/**
 * Drives the shipped processes (processes/*.bpmn) on a real Camunda node through its REST API:
 * deploy, start, user tasks, timers, messages, and the history that says how
 * an instance ended.
 */
export class ProcessDriver {
  constructor(readonly engineUrl: string) {}

  /** Deploys processes/*.bpmn as the stack script does (changed files only). */
  async deployAll(): Promise<void> {
    const form = new FormData();
    form.append('deployment-name', 'flowpilot-processes');
    form.append('enable-duplicate-filtering', 'true');
    form.append('deploy-changed-only', 'true');
    form.append('deployment-source', 'flowpilot-workers-tests');
    for (const file of readdirSync(PROCESSES_DIR).filter((f) => f.endsWith('.bpmn'))) {
      form.append(
        file,
        new Blob([readFileSync(resolve(PROCESSES_DIR, file))], { type: 'application/xml' }),
        file,
      );
    }
    const response = await fetch(`${this.engineUrl}/deployment/create`, { method: 'POST', body: form });
    if (!response.ok)
      throw new Error(`deploying processes failed: ${response.status} ${await response.text()}`);
  }

  async start(
    key: string,
    variables: Record<string, { value: unknown; type: string }>,
    businessKey?: string,
  ): Promise<string> {
    const body = await this.call<{ id: string }>('POST', `/process-definition/key/${key}/start`, {
      variables,
      businessKey,
    });
    return body.id;
  }

  /** Waits until the instance has ended and returns the id of the end event it reached. */
  async endEventOf(processInstanceId: string, timeoutMs = 20_000): Promise<string> {
    await this.until(`instance ${processInstanceId} to end`, timeoutMs, async () => {
      const instance = await this.call<{ state: string; endTime: string | null }>(
        'GET',
        `/history/process-instance/${processInstanceId}`,
      );
      return instance.endTime !== null && instance.state === 'COMPLETED';
    });
    const ends = await this.call<{ activityId: string }[]>(
      'GET',
      `/history/activity-instance?processInstanceId=${processInstanceId}&activityType=noneEndEvent`,
    );
    if (ends.length !== 1) throw new Error(`instance ${processInstanceId} reached ${ends.length} end events`);
    return ends[0].activityId;
  }

  async variable(processInstanceId: string, name: string): Promise<unknown> {
    const found = await this.call<{ value: unknown }[]>(
      'GET',
      `/history/variable-instance?processInstanceId=${processInstanceId}&variableName=${name}`,
    );
    return found[0]?.value;
  }

  /** Waits for the user task `taskDefinitionKey` and completes it with `variables`. */
  async completeUserTask(
    processInstanceId: string,
    taskDefinitionKey: string,
    variables: Record<string, { value: unknown; type: string }> = {},
  ): Promise<void> {
    const task = await this.until(`user task ${taskDefinitionKey}`, 20_000, async () => {
      const tasks = await this.call<{ id: string }[]>(
        'GET',
        `/task?processInstanceId=${processInstanceId}&taskDefinitionKey=${taskDefinitionKey}`,
      );
      return tasks[0];
    });
    await this.call('POST', `/task/${task.id}/complete`, { variables });
  }

  /**
   * Waits for the instance's timer job to fall due, then executes it. The job
   * executor would fire it too, but only at its next acquisition (up to a
   * minute when idle); executing the due job runs the same engine code now.
   */
  async fireDueTimer(processInstanceId: string): Promise<void> {
    const job = await this.until(`a timer on ${processInstanceId}`, 20_000, async () => {
      const jobs = await this.call<{ id: string; dueDate: string }[]>(
        'GET',
        `/job?processInstanceId=${processInstanceId}&timers=true`,
      );
      return jobs[0];
    });
    const due = Date.parse(job.dueDate.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (due > Date.now()) await sleep(due - Date.now() + 50);
    const response = await fetch(`${this.engineUrl}/job/${job.id}/execute`, { method: 'POST' });
    // 404: the job executor fired it first.
    if (!response.ok && response.status !== 404)
      throw new Error(`executing timer ${job.id} failed: ${response.status}`);
  }

  async correlate(messageName: string, processInstanceId: string): Promise<void> {
    await this.call('POST', '/message', { messageName, processInstanceId });
  }

  async activeActivities(processInstanceId: string): Promise<string[]> {
    const active = await this.call<{ activityId: string; endTime: string | null }[]>(
      'GET',
      `/history/activity-instance?processInstanceId=${processInstanceId}&unfinished=true`,
    );
    return active.map((a) => a.activityId);
  }

  private async until<T>(
    what: string,
    timeoutMs: number,
    probe: () => Promise<T | undefined | false>,
  ): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  private async call<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.engineUrl}${path}`, {
      method,
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export const str = (value: string) => ({ value, type: 'String' });
export const int = (value: number) => ({ value, type: 'Integer' });
export const dbl = (value: number) => ({ value, type: 'Double' });
export const bool = (value: boolean) => ({ value, type: 'Boolean' });
