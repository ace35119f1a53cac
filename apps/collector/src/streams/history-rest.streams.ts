import type { CollectorCamundaApi } from '../engine/collector-camunda.api';
import type { FactStream, StreamRow } from './fact-stream';
import { candidatesOf, MESSAGE_LIMIT } from './history-row.mappers';
import { StackTraceReader, withStackTraces } from './stack-trace.enricher';
import { RestFactSource } from './rest-fact.source';

/** The fields of Camunda's history DTOs the collector uses. Dates come as `yyyy-MM-dd'T'HH:mm:ss.SSSZ`. */
interface HistoricIncidentDto {
  id: string;
  incidentType: string;
  incidentMessage: string | null;
  activityId: string | null;
  failedActivityId: string | null;
  processDefinitionId: string | null;
  processDefinitionKey: string | null;
  processInstanceId: string | null;
  executionId: string | null;
  configuration: string | null;
  causeIncidentId: string | null;
  rootCauseIncidentId: string | null;
  tenantId: string | null;
  createTime: string;
  endTime: string | null;
  deleted: boolean;
}

interface HistoricProcessInstanceDto {
  id: string;
  businessKey: string | null;
  processDefinitionId: string;
  processDefinitionKey: string;
  startTime: string;
  endTime: string | null;
  durationInMillis: number | null;
  state: string | null;
}

interface HistoricActivityInstanceDto {
  id: string;
  activityId: string;
  activityName: string | null;
  activityType: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processInstanceId: string;
  executionId: string | null;
  assignee: string | null;
  canceled: boolean;
  startTime: string;
  endTime: string | null;
  durationInMillis: number | null;
}

interface HistoricTaskDto {
  id: string;
  name: string | null;
  taskDefinitionKey: string | null;
  processDefinitionId: string | null;
  processDefinitionKey: string | null;
  processInstanceId: string | null;
  assignee: string | null;
  priority: number | null;
  due: string | null;
  startTime: string;
  endTime: string | null;
  duration: number | null;
  deleteReason: string | null;
}

interface IdentityLinkLogDto {
  userId: string | null;
  groupId: string | null;
  operationType: string | null;
}

const iso = (date: string) => new Date(date).toISOString();
const elapsed = (start: string, end: string, given: number | null) =>
  Math.max(0, given ?? Date.parse(end) - Date.parse(start));

/**
 * History streams read through REST (nodes without CAMUNDA_NODE_<n>_DB_URL).
 * Failed jobs need the job log by time, which REST cannot filter on: that
 * stream is SQL-only.
 */
export function historyRestStreams(
  api: CollectorCamundaApi,
  stackTraces: StackTraceReader,
  pageSize: number,
): FactStream[] {
  const page = <R>(path: string, query: Record<string, string | number>) => api.list<R>(path, query);
  const incident = (after: 'createTimeAfter' | 'endTimeAfter') => ({
    path: '/history/incident',
    afterParam: after,
    beforeParam: after === 'createTimeAfter' ? 'createTimeBefore' : 'endTimeBefore',
    sortBy: after === 'createTimeAfter' ? 'createTime' : 'endTime',
    idOf: (i: HistoricIncidentDto) => i.id,
  });
  const streams = [
    {
      name: 'incident-opened',
      topic: 'camunda.incident.opened.v1',
      source: new RestFactSource(page, pageSize, {
        ...incident('createTimeAfter'),
        timestampOf: (i: HistoricIncidentDto) => i.createTime,
        map: (i: HistoricIncidentDto) => ({
          incidentId: i.id,
          incidentType: i.incidentType,
          message: i.incidentMessage?.slice(0, MESSAGE_LIMIT) ?? null,
          activityId: i.activityId,
          failedActivityId: i.failedActivityId,
          processDefinitionId: i.processDefinitionId,
          processDefinitionKey: i.processDefinitionKey,
          processInstanceId: i.processInstanceId,
          executionId: i.executionId,
          jobId: i.incidentType === 'failedJob' ? i.configuration : null,
          externalTaskId: i.incidentType === 'failedExternalTask' ? i.configuration : null,
          causeIncidentId: i.causeIncidentId,
          rootCauseIncidentId: i.rootCauseIncidentId,
          tenantId: i.tenantId,
          createdAt: iso(i.createTime),
          stackTrace: null,
        }),
      }),
      enrich: withStackTraces(stackTraces),
    } satisfies FactStream<'camunda.incident.opened.v1'>,
    {
      name: 'incident-resolved',
      topic: 'camunda.incident.resolved.v1',
      source: new RestFactSource(page, pageSize, {
        ...incident('endTimeAfter'),
        timestampOf: (i: HistoricIncidentDto) => i.endTime,
        map: (i: HistoricIncidentDto) => ({
          incidentId: i.id,
          incidentType: i.incidentType,
          processDefinitionKey: i.processDefinitionKey,
          processInstanceId: i.processInstanceId,
          activityId: i.activityId,
          resolution: i.deleted ? ('deleted' as const) : ('resolved' as const),
          createdAt: iso(i.createTime),
          endedAt: iso(i.endTime ?? i.createTime),
        }),
      }),
    } satisfies FactStream<'camunda.incident.resolved.v1'>,
    {
      name: 'process-started',
      topic: 'camunda.process.started.v1',
      source: new RestFactSource(page, pageSize, {
        path: '/history/process-instance',
        afterParam: 'startedAfter',
        beforeParam: 'startedBefore',
        sortBy: 'startTime',
        timestampOf: (p: HistoricProcessInstanceDto) => p.startTime,
        idOf: (p: HistoricProcessInstanceDto) => p.id,
        map: (p: HistoricProcessInstanceDto) => ({
          processInstanceId: p.id,
          processDefinitionId: p.processDefinitionId,
          processDefinitionKey: p.processDefinitionKey,
          businessKey: p.businessKey,
          startedAt: iso(p.startTime),
        }),
      }),
    } satisfies FactStream<'camunda.process.started.v1'>,
    {
      name: 'process-completed',
      topic: 'camunda.process.completed.v1',
      source: new RestFactSource(page, pageSize, {
        path: '/history/process-instance',
        afterParam: 'finishedAfter',
        beforeParam: 'finishedBefore',
        sortBy: 'endTime',
        timestampOf: (p: HistoricProcessInstanceDto) => p.endTime,
        idOf: (p: HistoricProcessInstanceDto) => p.id,
        map: (p: HistoricProcessInstanceDto) => ({
          processInstanceId: p.id,
          processDefinitionId: p.processDefinitionId,
          processDefinitionKey: p.processDefinitionKey,
          businessKey: p.businessKey,
          state: p.state ?? 'COMPLETED',
          startedAt: iso(p.startTime),
          endedAt: iso(p.endTime ?? p.startTime),
          durationMs: elapsed(p.startTime, p.endTime ?? p.startTime, p.durationInMillis),
        }),
      }),
    } satisfies FactStream<'camunda.process.completed.v1'>,
    {
      name: 'activity-completed',
      topic: 'camunda.activity.completed.v1',
      source: new RestFactSource(page, pageSize, {
        path: '/history/activity-instance',
        afterParam: 'finishedAfter',
        beforeParam: 'finishedBefore',
        sortBy: 'endTime',
        timestampOf: (a: HistoricActivityInstanceDto) => a.endTime,
        idOf: (a: HistoricActivityInstanceDto) => a.id,
        map: (a: HistoricActivityInstanceDto) => ({
          activityInstanceId: a.id,
          activityId: a.activityId,
          activityName: a.activityName,
          activityType: a.activityType,
          processDefinitionId: a.processDefinitionId,
          processDefinitionKey: a.processDefinitionKey,
          processInstanceId: a.processInstanceId,
          executionId: a.executionId,
          assignee: a.assignee,
          canceled: a.canceled,
          startedAt: iso(a.startTime),
          endedAt: iso(a.endTime ?? a.startTime),
          durationMs: elapsed(a.startTime, a.endTime ?? a.startTime, a.durationInMillis),
        }),
      }),
    } satisfies FactStream<'camunda.activity.completed.v1'>,
    {
      name: 'user-task-created',
      topic: 'camunda.user-task.created.v1',
      source: new RestFactSource(page, pageSize, {
        path: '/history/task',
        afterParam: 'startedAfter',
        beforeParam: 'startedBefore',
        sortBy: 'startTime',
        timestampOf: (t: HistoricTaskDto) => t.startTime,
        idOf: (t: HistoricTaskDto) => t.id,
        map: toTaskCreated,
      }),
      enrich: (rows: StreamRow<'camunda.user-task.created.v1'>[]) => withCandidates(api, rows),
    } satisfies FactStream<'camunda.user-task.created.v1'>,
    {
      name: 'user-task-completed',
      topic: 'camunda.user-task.completed.v1',
      source: new RestFactSource(page, pageSize, {
        path: '/history/task',
        afterParam: 'finishedAfter',
        beforeParam: 'finishedBefore',
        sortBy: 'endTime',
        timestampOf: (t: HistoricTaskDto) => t.endTime,
        idOf: (t: HistoricTaskDto) => t.id,
        map: (t: HistoricTaskDto) => ({
          ...toTaskCreated(t),
          endedAt: iso(t.endTime ?? t.startTime),
          ageMs: elapsed(t.startTime, t.endTime ?? t.startTime, t.duration),
          outcome: t.deleteReason === 'completed' ? ('completed' as const) : ('deleted' as const),
          deleteReason: t.deleteReason,
        }),
      }),
      enrich: (rows: StreamRow<'camunda.user-task.completed.v1'>[]) => withCandidates(api, rows),
    } satisfies FactStream<'camunda.user-task.completed.v1'>,
  ];
  return streams as unknown as FactStream[];
}

function toTaskCreated(t: HistoricTaskDto) {
  return {
    taskId: t.id,
    name: t.name,
    taskDefinitionKey: t.taskDefinitionKey,
    processDefinitionId: t.processDefinitionId,
    processDefinitionKey: t.processDefinitionKey,
    processInstanceId: t.processInstanceId,
    assignee: t.assignee,
    candidateGroups: [] as string[],
    candidateUsers: [] as string[],
    priority: t.priority ?? 50,
    dueDate: t.due ? iso(t.due) : null,
    createdAt: iso(t.startTime),
  };
}

/** Candidate groups and users from the identity-link log (one request per task: REST has no "task id in" filter). */
async function withCandidates<T extends 'camunda.user-task.created.v1' | 'camunda.user-task.completed.v1'>(
  api: CollectorCamundaApi,
  rows: StreamRow<T>[],
): Promise<StreamRow<T>[]> {
  return Promise.all(
    rows.map(async (row) => {
      const links = await api.list<IdentityLinkLogDto>('/history/identity-link-log', {
        taskId: row.payload.taskId,
        type: 'candidate',
        sortBy: 'time',
        sortOrder: 'asc',
      });
      const found = candidatesOf(
        links.map((l) => ({
          task_id: row.payload.taskId,
          user_id: l.userId,
          group_id: l.groupId,
          operation_type: l.operationType,
        })),
      ).get(row.payload.taskId);
      return found
        ? { ...row, payload: { ...row.payload, candidateGroups: found.groups, candidateUsers: found.users } }
        : row;
    }),
  );
}
