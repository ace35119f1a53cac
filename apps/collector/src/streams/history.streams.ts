import type { CollectorCamundaApi } from '../engine/collector-camunda.api';
import type { EngineSql } from '../engine/engine-sql';
import type { NodeEngine } from '../engine/node-engine.factory';
import { restCandidateLinks, sqlCandidateLinks, withCandidates } from './candidates.enricher';
import type { AnyFactStream } from './fact-stream';
import {
  activityRowOf,
  HistoricActivityInstanceDto,
  HistoricIncidentDto,
  HistoricProcessInstanceDto,
  HistoricTaskDto,
  incidentRowOf,
  processRowOf,
  taskRowOf,
} from './history-dtos';
import {
  toActivityCompleted,
  toIncidentOpened,
  toIncidentResolved,
  toJobFailed,
  toProcessCompleted,
  toProcessStarted,
  toUserTaskCompleted,
  toUserTaskCreated,
} from './history-row.mappers';
import type {
  ActivityInstanceRow,
  IncidentRow,
  JobFailureRow,
  ProcessInstanceRow,
  TaskInstanceRow,
} from './history-rows';
import { defineStream, HistoryStream, StreamReaders } from './stream-definition';
import { StackTraceReader, withStackTraces } from './stack-trace.enricher';

const INCIDENT_COLUMNS = (
  at: (column: string) => string,
) => `id_ AS id, incident_type_ AS incident_type, incident_msg_ AS message, activity_id_ AS activity_id,
  failed_activity_id_ AS failed_activity_id, proc_def_id_ AS proc_def_id, proc_def_key_ AS proc_def_key,
  proc_inst_id_ AS proc_inst_id, execution_id_ AS execution_id, configuration_ AS configuration,
  cause_incident_id_ AS cause_incident_id, root_cause_incident_id_ AS root_cause_incident_id, tenant_id_ AS tenant_id,
  incident_state_ AS state, ${at('create_time_')} AS create_time, ${at('end_time_')} AS end_time`;

const PROCESS_COLUMNS = (
  at: (column: string) => string,
) => `id_ AS id, proc_def_id_ AS proc_def_id, proc_def_key_ AS proc_def_key, business_key_ AS business_key,
  state_ AS state, ${at('start_time_')} AS start_time, ${at('end_time_')} AS end_time, duration_ AS duration`;

const ACTIVITY_COLUMNS = (
  at: (column: string) => string,
) => `id_ AS id, act_id_ AS act_id, act_name_ AS act_name, act_type_ AS act_type, proc_def_id_ AS proc_def_id,
  proc_def_key_ AS proc_def_key, proc_inst_id_ AS proc_inst_id, execution_id_ AS execution_id, assignee_ AS assignee,
  act_inst_state_ AS act_inst_state, ${at('start_time_')} AS start_time, ${at('end_time_')} AS end_time,
  duration_ AS duration`;

const TASK_COLUMNS = (
  at: (column: string) => string,
) => `id_ AS id, name_ AS name, task_def_key_ AS task_def_key, proc_def_id_ AS proc_def_id,
  proc_def_key_ AS proc_def_key, proc_inst_id_ AS proc_inst_id, assignee_ AS assignee, priority_ AS priority,
  delete_reason_ AS delete_reason, ${at('start_time_')} AS start_time, ${at('end_time_')} AS end_time,
  ${at('due_date_')} AS due_date, duration_ AS duration`;

const JOB_FAILURE_COLUMNS = (
  at: (column: string) => string,
) => `id_ AS id, job_id_ AS job_id, job_def_id_ AS job_def_id, job_def_type_ AS job_def_type,
  act_id_ AS act_id, failed_act_id_ AS failed_act_id, process_def_id_ AS process_def_id,
  process_def_key_ AS process_def_key, process_instance_id_ AS process_instance_id, job_retries_ AS job_retries,
  job_exception_msg_ AS exception_msg, ${at('timestamp_')} AS failed_at`;

/** Camunda's JobState.FAILED in ACT_HI_JOB_LOG (0 created, 1 failed, 2 successful, 3 deleted). */
const JOB_STATE_FAILED = 1;

type Ended<R> = R & { end_time: Date };

const incidents = (sortBy: 'createTime' | 'endTime') => ({
  path: '/history/incident',
  afterParam: sortBy === 'createTime' ? 'createTimeAfter' : 'endTimeAfter',
  beforeParam: sortBy === 'createTime' ? 'createTimeBefore' : 'endTimeBefore',
  sortBy,
  idOf: (i: HistoricIncidentDto) => i.id,
  toRow: incidentRowOf,
});

/**
 * The eight history streams, each declared once. Failed jobs need the job log by time, which REST cannot
 * filter on: that stream is SQL-only.
 */
export const HISTORY_STREAMS: readonly HistoryStream[] = [
  defineStream({
    name: 'incident-opened',
    topic: 'camunda.incident.opened.v1',
    urgent: true,
    map: toIncidentOpened,
    sql: {
      table: 'act_hi_incident',
      tsColumn: 'create_time_',
      columns: INCIDENT_COLUMNS,
      occurredAt: (row: IncidentRow) => row.create_time,
    },
    rest: { ...incidents('createTime'), timestampOf: (i) => i.createTime },
    enrich: ({ stackTraces }) => withStackTraces(stackTraces),
  }),
  defineStream({
    name: 'incident-resolved',
    topic: 'camunda.incident.resolved.v1',
    urgent: true,
    map: (row: Ended<IncidentRow>) => toIncidentResolved(row),
    sql: {
      table: 'act_hi_incident',
      tsColumn: 'end_time_',
      columns: INCIDENT_COLUMNS,
      occurredAt: (row) => row.end_time,
    },
    rest: { ...incidents('endTime'), timestampOf: (i) => i.endTime },
  }),
  defineStream({
    name: 'process-started',
    topic: 'camunda.process.started.v1',
    map: (row: ProcessInstanceRow) => toProcessStarted(row),
    sql: {
      table: 'act_hi_procinst',
      tsColumn: 'start_time_',
      columns: PROCESS_COLUMNS,
      occurredAt: (row) => row.start_time,
    },
    rest: {
      path: '/history/process-instance',
      afterParam: 'startedAfter',
      beforeParam: 'startedBefore',
      sortBy: 'startTime',
      timestampOf: (p: HistoricProcessInstanceDto) => p.startTime,
      idOf: (p) => p.id,
      toRow: processRowOf,
    },
  }),
  defineStream({
    name: 'process-completed',
    topic: 'camunda.process.completed.v1',
    map: (row: Ended<ProcessInstanceRow>) => toProcessCompleted(row),
    sql: {
      table: 'act_hi_procinst',
      tsColumn: 'end_time_',
      columns: PROCESS_COLUMNS,
      occurredAt: (row) => row.end_time,
    },
    rest: {
      path: '/history/process-instance',
      afterParam: 'finishedAfter',
      beforeParam: 'finishedBefore',
      sortBy: 'endTime',
      timestampOf: (p: HistoricProcessInstanceDto) => p.endTime,
      idOf: (p) => p.id,
      toRow: processRowOf,
    },
  }),
  defineStream({
    name: 'activity-completed',
    topic: 'camunda.activity.completed.v1',
    map: (row: ActivityInstanceRow) => toActivityCompleted(row),
    sql: {
      table: 'act_hi_actinst',
      tsColumn: 'end_time_',
      columns: ACTIVITY_COLUMNS,
      occurredAt: (row) => row.end_time,
    },
    rest: {
      path: '/history/activity-instance',
      afterParam: 'finishedAfter',
      beforeParam: 'finishedBefore',
      sortBy: 'endTime',
      timestampOf: (a: HistoricActivityInstanceDto) => a.endTime,
      idOf: (a) => a.id,
      toRow: activityRowOf,
    },
  }),
  defineStream({
    name: 'user-task-created',
    topic: 'camunda.user-task.created.v1',
    map: (row: TaskInstanceRow) => toUserTaskCreated(row),
    sql: {
      table: 'act_hi_taskinst',
      tsColumn: 'start_time_',
      columns: TASK_COLUMNS,
      occurredAt: (row) => row.start_time,
    },
    rest: {
      path: '/history/task',
      afterParam: 'startedAfter',
      beforeParam: 'startedBefore',
      sortBy: 'startTime',
      timestampOf: (t: HistoricTaskDto) => t.startTime,
      idOf: (t) => t.id,
      toRow: taskRowOf,
    },
    enrich: ({ candidateLinks }) => withCandidates(candidateLinks),
  }),
  defineStream({
    name: 'user-task-completed',
    topic: 'camunda.user-task.completed.v1',
    map: (row: Ended<TaskInstanceRow>) => toUserTaskCompleted(row),
    sql: {
      table: 'act_hi_taskinst',
      tsColumn: 'end_time_',
      columns: TASK_COLUMNS,
      occurredAt: (row) => row.end_time,
    },
    rest: {
      path: '/history/task',
      afterParam: 'finishedAfter',
      beforeParam: 'finishedBefore',
      sortBy: 'endTime',
      timestampOf: (t: HistoricTaskDto) => t.endTime,
      idOf: (t) => t.id,
      toRow: taskRowOf,
    },
    enrich: ({ candidateLinks }) => withCandidates(candidateLinks),
  }),
  defineStream({
    name: 'job-failed',
    topic: 'camunda.job.failed.v1',
    map: (row: JobFailureRow) => toJobFailed(row),
    sql: {
      table: 'act_hi_job_log',
      tsColumn: 'timestamp_',
      columns: JOB_FAILURE_COLUMNS,
      where: `job_state_ = ${JOB_STATE_FAILED}`,
      occurredAt: (row) => row.failed_at,
    },
    rest: null,
  }),
];

/** The history streams read by SQL from one engine's database. */
export function historySqlStreams(
  db: EngineSql,
  timeZone: string,
  stackTraces: StackTraceReader,
): AnyFactStream[] {
  const readers: StreamReaders = { stackTraces, candidateLinks: sqlCandidateLinks(db) };
  return HISTORY_STREAMS.map((stream) => stream.sql(db, timeZone, readers));
}

/** The history streams read through REST (nodes without CAMUNDA_NODE_<n>_DB_URL). */
export function historyRestStreams(
  api: CollectorCamundaApi,
  stackTraces: StackTraceReader,
  pageSize: number,
): AnyFactStream[] {
  const readers: StreamReaders = { stackTraces, candidateLinks: restCandidateLinks(api) };
  const page = <R>(path: string, query: Record<string, string | number>) => api.list<R>(path, query);
  return HISTORY_STREAMS.flatMap((stream) => stream.rest(page, pageSize, readers) ?? []);
}

/** One node's streams: by SQL when it has an engine database, by REST otherwise. */
export function nodeStreams(
  { api, database }: NodeEngine,
  settings: { pageSize: number; engineTimeZone: string },
): AnyFactStream[] {
  const stackTraces = stackTraceReader(api);
  return database
    ? historySqlStreams(database, settings.engineTimeZone, stackTraces)
    : historyRestStreams(api, stackTraces, settings.pageSize);
}

/** A new incident's stack trace: the failed job's, or the failed external task's error details. */
function stackTraceReader(api: CollectorCamundaApi): StackTraceReader {
  return async ({ jobId, externalTaskId }) => {
    if (jobId) return api.jobStackTrace(jobId);
    if (externalTaskId) return api.externalTaskErrorDetails(externalTaskId);
    return null;
  };
}
