import type { EngineSql } from '../engine/engine-sql';
import type { FactStream, StreamRow } from './fact-stream';
import {
  candidatesOf,
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
  CandidateLinkRow,
  IncidentRow,
  JobFailureRow,
  ProcessInstanceRow,
  TaskInstanceRow,
} from './history-rows';
import { SqlFactSource } from './sql-fact.source';
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

/** The history streams read by SQL from one engine's database. */
export function historySqlStreams(
  db: EngineSql,
  timeZone: string,
  stackTraces: StackTraceReader,
): FactStream[] {
  const streams = [
    {
      name: 'incident-opened',
      topic: 'camunda.incident.opened.v1',
      source: new SqlFactSource(db, timeZone, {
        table: 'act_hi_incident',
        tsColumn: 'create_time_',
        columns: INCIDENT_COLUMNS,
        map: toIncidentOpened,
        occurredAt: (row: IncidentRow) => row.create_time,
      }),
      enrich: withStackTraces(stackTraces),
    } satisfies FactStream<'camunda.incident.opened.v1'>,
    {
      name: 'incident-resolved',
      topic: 'camunda.incident.resolved.v1',
      source: new SqlFactSource(db, timeZone, {
        table: 'act_hi_incident',
        tsColumn: 'end_time_',
        columns: INCIDENT_COLUMNS,
        map: (row: Ended<IncidentRow>) => toIncidentResolved(row),
        occurredAt: (row: Ended<IncidentRow>) => row.end_time,
      }),
    } satisfies FactStream<'camunda.incident.resolved.v1'>,
    {
      name: 'process-started',
      topic: 'camunda.process.started.v1',
      source: new SqlFactSource(db, timeZone, {
        table: 'act_hi_procinst',
        tsColumn: 'start_time_',
        columns: PROCESS_COLUMNS,
        map: toProcessStarted,
        occurredAt: (row: ProcessInstanceRow) => row.start_time,
      }),
    } satisfies FactStream<'camunda.process.started.v1'>,
    {
      name: 'process-completed',
      topic: 'camunda.process.completed.v1',
      source: new SqlFactSource(db, timeZone, {
        table: 'act_hi_procinst',
        tsColumn: 'end_time_',
        columns: PROCESS_COLUMNS,
        map: (row: Ended<ProcessInstanceRow>) => toProcessCompleted(row),
        occurredAt: (row: Ended<ProcessInstanceRow>) => row.end_time,
      }),
    } satisfies FactStream<'camunda.process.completed.v1'>,
    {
      name: 'activity-completed',
      topic: 'camunda.activity.completed.v1',
      source: new SqlFactSource(db, timeZone, {
        table: 'act_hi_actinst',
        tsColumn: 'end_time_',
        columns: ACTIVITY_COLUMNS,
        map: toActivityCompleted,
        occurredAt: (row: ActivityInstanceRow) => row.end_time,
      }),
    } satisfies FactStream<'camunda.activity.completed.v1'>,
    {
      name: 'user-task-created',
      topic: 'camunda.user-task.created.v1',
      source: new SqlFactSource(db, timeZone, {
        table: 'act_hi_taskinst',
        tsColumn: 'start_time_',
        columns: TASK_COLUMNS,
        map: toUserTaskCreated,
        occurredAt: (row: TaskInstanceRow) => row.start_time,
      }),
      enrich: (rows: StreamRow<'camunda.user-task.created.v1'>[]) => withCandidates(db, rows),
    } satisfies FactStream<'camunda.user-task.created.v1'>,
    {
      name: 'user-task-completed',
      topic: 'camunda.user-task.completed.v1',
      source: new SqlFactSource(db, timeZone, {
        table: 'act_hi_taskinst',
        tsColumn: 'end_time_',
        columns: TASK_COLUMNS,
        map: (row: Ended<TaskInstanceRow>) => toUserTaskCompleted(row),
        occurredAt: (row: Ended<TaskInstanceRow>) => row.end_time,
      }),
      enrich: (rows: StreamRow<'camunda.user-task.completed.v1'>[]) => withCandidates(db, rows),
    } satisfies FactStream<'camunda.user-task.completed.v1'>,
    {
      name: 'job-failed',
      topic: 'camunda.job.failed.v1',
      source: new SqlFactSource(db, timeZone, {
        table: 'act_hi_job_log',
        tsColumn: 'timestamp_',
        columns: JOB_FAILURE_COLUMNS,
        where: `job_state_ = ${JOB_STATE_FAILED}`,
        map: toJobFailed,
        occurredAt: (row: JobFailureRow) => row.failed_at,
      }),
    } satisfies FactStream<'camunda.job.failed.v1'>,
  ];
  return streams as unknown as FactStream[];
}

/** Candidate groups and users of a page of tasks, in one indexed query (ACT_HI_IDENTITYLINK by task_id_). */
async function withCandidates<T extends 'camunda.user-task.created.v1' | 'camunda.user-task.completed.v1'>(
  db: EngineSql,
  rows: StreamRow<T>[],
): Promise<StreamRow<T>[]> {
  if (rows.length === 0) return rows;
  const taskIds = rows.map((row) => row.payload.taskId);
  const select = `SELECT task_id_ AS task_id, user_id_ AS user_id, group_id_ AS group_id, operation_type_ AS operation_type`;
  const links = await db.query<CandidateLinkRow>(
    db.dialect === 'mysql'
      ? `${select} FROM ACT_HI_IDENTITYLINK WHERE task_id_ IN (?) AND type_ = 'candidate' ORDER BY timestamp_, id_`
      : `${select} FROM act_hi_identitylink WHERE task_id_ = ANY($1::text[]) AND type_ = 'candidate' ORDER BY timestamp_, id_`,
    [taskIds],
  );
  const candidates = candidatesOf(links);
  return rows.map((row) => {
    const found = candidates.get(row.payload.taskId);
    return found
      ? { ...row, payload: { ...row.payload, candidateGroups: found.groups, candidateUsers: found.users } }
      : row;
  });
}
