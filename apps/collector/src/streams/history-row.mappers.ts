import type {
  ActivityCompleted,
  IncidentOpened,
  IncidentResolved,
  JobFailed,
  ProcessInstanceCompleted,
  ProcessInstanceStarted,
  UserTaskCompleted,
  UserTaskCreated,
} from '@flowpilot/shared';
import type {
  ActivityInstanceRow,
  CandidateLinkRow,
  IncidentRow,
  JobFailureRow,
  ProcessInstanceRow,
  TaskInstanceRow,
} from './history-rows';
import { ACTIVITY_CANCELED, INCIDENT_DELETED } from './history-rows';

const MESSAGE_LIMIT = 8_000;

const iso = (date: Date) => date.toISOString();
const clip = (text: string | null, limit = MESSAGE_LIMIT) => (text === null ? null : text.slice(0, limit));
/** Durations come as bigint strings; a missing one is computed from the timestamps. */
const durationOf = (duration: string | null, start: Date, end: Date) =>
  Math.max(0, duration !== null ? Number(duration) : end.getTime() - start.getTime());

export function toIncidentOpened(row: IncidentRow): IncidentOpened {
  const failedJob = row.incident_type === 'failedJob';
  const failedExternalTask = row.incident_type === 'failedExternalTask';
  return {
    incidentId: row.id,
    incidentType: row.incident_type,
    message: clip(row.message),
    activityId: row.activity_id,
    failedActivityId: row.failed_activity_id,
    processDefinitionId: row.proc_def_id,
    processDefinitionKey: row.proc_def_key,
    processInstanceId: row.proc_inst_id,
    executionId: row.execution_id,
    jobId: failedJob ? row.configuration : null,
    externalTaskId: failedExternalTask ? row.configuration : null,
    causeIncidentId: row.cause_incident_id,
    rootCauseIncidentId: row.root_cause_incident_id,
    tenantId: row.tenant_id,
    createdAt: iso(row.create_time),
    stackTrace: null,
  };
}

export function toIncidentResolved(row: IncidentRow & { end_time: Date }): IncidentResolved {
  return {
    incidentId: row.id,
    incidentType: row.incident_type,
    processDefinitionKey: row.proc_def_key,
    processInstanceId: row.proc_inst_id,
    activityId: row.activity_id,
    resolution: row.state === INCIDENT_DELETED ? 'deleted' : 'resolved',
    createdAt: iso(row.create_time),
    endedAt: iso(row.end_time),
  };
}

export function toProcessStarted(row: ProcessInstanceRow): ProcessInstanceStarted {
  return {
    processInstanceId: row.id,
    processDefinitionId: row.proc_def_id,
    processDefinitionKey: row.proc_def_key,
    businessKey: row.business_key,
    startedAt: iso(row.start_time),
  };
}

export function toProcessCompleted(row: ProcessInstanceRow & { end_time: Date }): ProcessInstanceCompleted {
  return {
    processInstanceId: row.id,
    processDefinitionId: row.proc_def_id,
    processDefinitionKey: row.proc_def_key,
    businessKey: row.business_key,
    state: row.state ?? 'COMPLETED',
    startedAt: iso(row.start_time),
    endedAt: iso(row.end_time),
    durationMs: durationOf(row.duration, row.start_time, row.end_time),
  };
}

export function toActivityCompleted(row: ActivityInstanceRow): ActivityCompleted {
  return {
    activityInstanceId: row.id,
    activityId: row.act_id,
    activityName: row.act_name,
    activityType: row.act_type,
    processDefinitionId: row.proc_def_id,
    processDefinitionKey: row.proc_def_key,
    processInstanceId: row.proc_inst_id,
    executionId: row.execution_id,
    assignee: row.assignee,
    canceled: row.act_inst_state === ACTIVITY_CANCELED,
    startedAt: iso(row.start_time),
    endedAt: iso(row.end_time),
    durationMs: durationOf(row.duration, row.start_time, row.end_time),
  };
}

export function toUserTaskCreated(row: TaskInstanceRow): UserTaskCreated {
  return {
    taskId: row.id,
    name: row.name,
    taskDefinitionKey: row.task_def_key,
    processDefinitionId: row.proc_def_id,
    processDefinitionKey: row.proc_def_key,
    processInstanceId: row.proc_inst_id,
    assignee: row.assignee,
    candidateGroups: [],
    candidateUsers: [],
    priority: row.priority ?? 50,
    dueDate: row.due_date ? iso(row.due_date) : null,
    createdAt: iso(row.start_time),
  };
}

export function toUserTaskCompleted(row: TaskInstanceRow & { end_time: Date }): UserTaskCompleted {
  return {
    ...toUserTaskCreated(row),
    endedAt: iso(row.end_time),
    ageMs: durationOf(row.duration, row.start_time, row.end_time),
    outcome: row.delete_reason === 'completed' ? 'completed' : 'deleted',
    deleteReason: row.delete_reason,
  };
}

export function toJobFailed(row: JobFailureRow): JobFailed {
  return {
    failureId: row.id,
    jobId: row.job_id,
    jobDefinitionId: row.job_def_id,
    jobType: row.job_def_type,
    activityId: row.act_id,
    failedActivityId: row.failed_act_id,
    processDefinitionId: row.process_def_id,
    processDefinitionKey: row.process_def_key,
    processInstanceId: row.process_instance_id,
    // The failure entry records the retries the job had when it ran; the failure uses one up.
    retriesLeft: Math.max(0, (row.job_retries ?? 1) - 1),
    exceptionMessage: clip(row.exception_msg),
    failedAt: iso(row.failed_at),
  };
}

/** Replays a task's candidate links (added, then maybe deleted) into the current groups and users. */
export function candidatesOf(links: CandidateLinkRow[]): Map<string, { groups: string[]; users: string[] }> {
  const byTask = new Map<string, { groups: Set<string>; users: Set<string> }>();
  for (const link of links) {
    const sets = byTask.get(link.task_id) ?? { groups: new Set<string>(), users: new Set<string>() };
    byTask.set(link.task_id, sets);
    const apply = (set: Set<string>, value: string | null) => {
      if (value === null) return;
      if (link.operation_type === 'delete') set.delete(value);
      else set.add(value);
    };
    apply(sets.groups, link.group_id);
    apply(sets.users, link.user_id);
  }
  return new Map(
    [...byTask].map(([task, sets]) => [
      task,
      { groups: [...sets.groups].sort(), users: [...sets.users].sort() },
    ]),
  );
}
