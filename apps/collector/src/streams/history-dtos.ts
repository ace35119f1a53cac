import {
  ACTIVITY_CANCELED,
  ACTIVITY_DEFAULT,
  INCIDENT_DELETED,
  INCIDENT_RESOLVED,
  type ActivityInstanceRow,
  type IncidentRow,
  type ProcessInstanceRow,
  type TaskInstanceRow,
} from './history-rows';

/** The fields of Camunda's history DTOs the collector uses. Dates come as `yyyy-MM-dd'T'HH:mm:ss.SSSZ`. */
export interface HistoricIncidentDto {
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

export interface HistoricProcessInstanceDto {
  id: string;
  businessKey: string | null;
  processDefinitionId: string;
  processDefinitionKey: string;
  startTime: string;
  endTime: string | null;
  durationInMillis: number | null;
  state: string | null;
}

export interface HistoricActivityInstanceDto {
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

export interface HistoricTaskDto {
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

/** An item's end, or its start for one that has none (the REST source only returns ended items). */
const endOf = (start: string, end: string | null) => new Date(end ?? start);
/** Durations are SQL bigint text in a row; a missing one is computed from the timestamps by the mapper. */
const durationText = (duration: number | null | undefined) => (duration == null ? null : String(duration));

/* The REST items as the rows the SQL queries select, so one mapper per stream serves both sources. */

export function incidentRowOf(i: HistoricIncidentDto): IncidentRow & { end_time: Date } {
  return {
    id: i.id,
    incident_type: i.incidentType,
    message: i.incidentMessage ?? null,
    activity_id: i.activityId,
    failed_activity_id: i.failedActivityId,
    proc_def_id: i.processDefinitionId,
    proc_def_key: i.processDefinitionKey,
    proc_inst_id: i.processInstanceId,
    execution_id: i.executionId,
    configuration: i.configuration,
    cause_incident_id: i.causeIncidentId,
    root_cause_incident_id: i.rootCauseIncidentId,
    tenant_id: i.tenantId,
    state: i.deleted ? INCIDENT_DELETED : INCIDENT_RESOLVED,
    create_time: new Date(i.createTime),
    end_time: endOf(i.createTime, i.endTime),
  };
}

export function processRowOf(p: HistoricProcessInstanceDto): ProcessInstanceRow & { end_time: Date } {
  return {
    id: p.id,
    proc_def_id: p.processDefinitionId,
    proc_def_key: p.processDefinitionKey,
    business_key: p.businessKey,
    state: p.state,
    start_time: new Date(p.startTime),
    end_time: endOf(p.startTime, p.endTime),
    duration: durationText(p.durationInMillis),
  };
}

export function activityRowOf(a: HistoricActivityInstanceDto): ActivityInstanceRow {
  return {
    id: a.id,
    act_id: a.activityId,
    act_name: a.activityName,
    act_type: a.activityType,
    proc_def_id: a.processDefinitionId,
    proc_def_key: a.processDefinitionKey,
    proc_inst_id: a.processInstanceId,
    execution_id: a.executionId,
    assignee: a.assignee,
    act_inst_state: a.canceled ? ACTIVITY_CANCELED : ACTIVITY_DEFAULT,
    start_time: new Date(a.startTime),
    end_time: endOf(a.startTime, a.endTime),
    duration: durationText(a.durationInMillis),
  };
}

export function taskRowOf(t: HistoricTaskDto): TaskInstanceRow & { end_time: Date } {
  return {
    id: t.id,
    name: t.name,
    task_def_key: t.taskDefinitionKey,
    proc_def_id: t.processDefinitionId,
    proc_def_key: t.processDefinitionKey,
    proc_inst_id: t.processInstanceId,
    assignee: t.assignee,
    priority: t.priority,
    delete_reason: t.deleteReason,
    start_time: new Date(t.startTime),
    end_time: endOf(t.startTime, t.endTime),
    due_date: t.due ? new Date(t.due) : null,
    duration: durationText(t.duration),
  };
}
