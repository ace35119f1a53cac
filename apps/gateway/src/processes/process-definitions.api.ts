import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CamundaFleet, CamundaRestClient, CamundaRestError, isTransientError } from '@flowpilot/shared';
import { ApiError } from '../http/api-error';

export interface DefinitionView {
  id: string;
  key: string;
  name: string | null;
  version: number;
  versionTag: string | null;
  deploymentId: string;
  tenantId: string | null;
}

/** One row of `GET /process-definition/{id}/statistics`: tokens, failed jobs and incidents of one activity. */
export interface ActivityStatistics {
  id: string;
  instances: number;
  failedJobs: number;
  incidents: { incidentType: string; incidentCount: number }[];
}

export interface HistoricActivityView {
  id: string;
  activityId: string;
  processInstanceId: string;
  processDefinitionId: string;
  startTime: string;
  endTime: string | null;
  durationInMillis: number | null;
  canceled: boolean;
}

/** Versions listed at most: the picker shows the newest ones. */
const MAX_VERSIONS = 100;

/**
 * The engine calls behind the process page: definitions and their XML,
 * runtime statistics per activity, and activity instances from history.
 * Engine answers map to the API's errors: unknown node or definition → 404,
 * an engine that cannot be reached → 503, another refusal → 502.
 */
@Injectable()
export class ProcessDefinitionsApi {
  constructor(@Inject(CamundaFleet) private readonly fleet: Pick<CamundaFleet, 'find'>) {}

  async versions(nodeId: string, key: string): Promise<DefinitionView[]> {
    const rows = await this.call(nodeId, (c) =>
      c.get<DefinitionView[]>('/process-definition', {
        query: { key, sortBy: 'version', sortOrder: 'desc', maxResults: MAX_VERSIONS },
      }),
    );
    return rows.map(definitionView);
  }

  /** The latest version of every process definition on the node. */
  async latest(nodeId: string): Promise<DefinitionView[]> {
    const rows = await this.call(nodeId, (c) =>
      c.get<DefinitionView[]>('/process-definition', {
        query: { latestVersion: true, sortBy: 'key', sortOrder: 'asc', maxResults: 1_000 },
      }),
    );
    return rows.map(definitionView);
  }

  async definition(nodeId: string, definitionId: string): Promise<DefinitionView> {
    return definitionView(
      await this.call(
        nodeId,
        (c) => c.get<DefinitionView>(`/process-definition/${encodeURIComponent(definitionId)}`),
        `Process definition ${definitionId}`,
      ),
    );
  }

  async xml(nodeId: string, definitionId: string): Promise<string> {
    const answer = await this.call(
      nodeId,
      (c) => c.get<{ bpmn20Xml: string }>(`/process-definition/${encodeURIComponent(definitionId)}/xml`),
      `Process definition ${definitionId}`,
    );
    return answer.bpmn20Xml;
  }

  async statistics(nodeId: string, definitionId: string): Promise<ActivityStatistics[]> {
    return this.call(
      nodeId,
      (c) =>
        c.get<ActivityStatistics[]>(`/process-definition/${encodeURIComponent(definitionId)}/statistics`, {
          query: { failedJobs: true, incidents: true },
        }),
      `Process definition ${definitionId}`,
    );
  }

  /** Finished instances of an activity started since `startedAfter`, longest first. */
  slowest(
    nodeId: string,
    definitionId: string,
    activityId: string,
    startedAfter: string,
    limit: number,
  ): Promise<HistoricActivityView[]> {
    return this.activityInstances(nodeId, definitionId, activityId, limit, {
      finished: true,
      startedAfter: engineDate(startedAfter),
      sortBy: 'duration',
      sortOrder: 'desc',
    });
  }

  /** Instances waiting in an activity now, the longest-waiting first. */
  waiting(
    nodeId: string,
    definitionId: string,
    activityId: string,
    limit: number,
  ): Promise<HistoricActivityView[]> {
    return this.activityInstances(nodeId, definitionId, activityId, limit, {
      unfinished: true,
      sortBy: 'startTime',
      sortOrder: 'asc',
    });
  }

  /** Which of these user tasks are still open (a task's id disappears from the runtime when it ends). */
  openTaskIds(nodeId: string, taskIds: string[]): Promise<Set<string>> {
    return this.stillThere(nodeId, '/task', 'taskIdIn', taskIds);
  }

  /** Which of these process instances are still running. */
  runningInstanceIds(nodeId: string, instanceIds: string[]): Promise<Set<string>> {
    return this.stillThere(nodeId, '/process-instance', 'processInstanceIds', instanceIds);
  }

  private activityInstances(
    nodeId: string,
    definitionId: string,
    activityId: string,
    limit: number,
    query: Record<string, string | boolean>,
  ): Promise<HistoricActivityView[]> {
    return this.call(nodeId, (c) =>
      c.get<HistoricActivityView[]>('/history/activity-instance', {
        query: { processDefinitionId: definitionId, activityId, ...query, maxResults: limit },
      }),
    );
  }

  /** Which of `ids` a runtime query at `path` (filtered by its id-list parameter `idsParam`) still finds. */
  private async stillThere(
    nodeId: string,
    path: string,
    idsParam: string,
    ids: string[],
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.call(nodeId, (c) =>
      c.post<{ id: string }[]>(path, { body: { [idsParam]: ids }, query: { maxResults: ids.length } }),
    );
    return new Set(rows.map((r) => r.id));
  }

  private async call<T>(
    nodeId: string,
    run: (client: CamundaRestClient) => Promise<T>,
    subject = 'Resource',
  ): Promise<T> {
    const client = this.fleet.find(nodeId);
    if (!client)
      throw new ApiError(
        HttpStatus.NOT_FOUND,
        'not_found',
        `Camunda node ${nodeId} is not configured in this gateway (CAMUNDA_NODE_<n>_*)`,
        { nodeId },
      );
    try {
      return await run(client);
    } catch (error) {
      // The engine answers 400 or 404 to an id that names no definition (or that its own URL parser refuses).
      if (error instanceof CamundaRestError && (error.status === 404 || error.status === 400))
        throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', `${subject} not found on node ${nodeId}`, {
          nodeId,
        });
      if (isTransientError(error) || !(error instanceof CamundaRestError))
        throw new ApiError(
          HttpStatus.SERVICE_UNAVAILABLE,
          'upstream_unavailable',
          `Camunda node ${nodeId} could not be reached`,
          { nodeId },
        );
      throw new ApiError(HttpStatus.BAD_GATEWAY, 'upstream_failed', error.message, { nodeId });
    }
  }
}

function definitionView(d: DefinitionView): DefinitionView {
  return {
    id: d.id,
    key: d.key,
    name: d.name ?? null,
    version: d.version,
    versionTag: d.versionTag ?? null,
    deploymentId: d.deploymentId,
    tenantId: d.tenantId ?? null,
  };
}

/** The engine's REST date format: `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (offset without colon). */
function engineDate(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}
