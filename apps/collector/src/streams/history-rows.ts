/** Rows as the history queries select them; timestamps are already converted from the engine's zone. */

export interface IncidentRow {
  id: string;
  incident_type: string;
  message: string | null;
  activity_id: string | null;
  failed_activity_id: string | null;
  proc_def_id: string | null;
  proc_def_key: string | null;
  proc_inst_id: string | null;
  execution_id: string | null;
  configuration: string | null;
  cause_incident_id: string | null;
  root_cause_incident_id: string | null;
  tenant_id: string | null;
  state: number;
  create_time: Date;
  end_time: Date | null;
}

export interface ProcessInstanceRow {
  id: string;
  proc_def_id: string;
  proc_def_key: string;
  business_key: string | null;
  state: string | null;
  start_time: Date;
  end_time: Date | null;
  duration: string | null;
}

export interface ActivityInstanceRow {
  id: string;
  act_id: string;
  act_name: string | null;
  act_type: string;
  proc_def_id: string;
  proc_def_key: string;
  proc_inst_id: string;
  execution_id: string | null;
  assignee: string | null;
  act_inst_state: number | null;
  start_time: Date;
  end_time: Date;
  duration: string | null;
}

export interface TaskInstanceRow {
  id: string;
  name: string | null;
  task_def_key: string | null;
  proc_def_id: string | null;
  proc_def_key: string | null;
  proc_inst_id: string | null;
  assignee: string | null;
  priority: number | null;
  delete_reason: string | null;
  start_time: Date;
  end_time: Date | null;
  due_date: Date | null;
  duration: string | null;
}

export interface JobFailureRow {
  id: string;
  job_id: string;
  job_def_id: string | null;
  job_def_type: string | null;
  act_id: string | null;
  failed_act_id: string | null;
  process_def_id: string | null;
  process_def_key: string | null;
  process_instance_id: string | null;
  job_retries: number | null;
  exception_msg: string | null;
  failed_at: Date;
}

/** A candidate link of a task, in the order it was added or removed. */
export interface CandidateLinkRow {
  task_id: string;
  user_id: string | null;
  group_id: string | null;
  operation_type: string | null;
}

/** Camunda's IncidentState in `ACT_HI_INCIDENT.INCIDENT_STATE_`: 1 RESOLVED, 2 DELETED. */
export const INCIDENT_RESOLVED = 1;
export const INCIDENT_DELETED = 2;
/** Camunda's ActivityInstanceState in `ACT_HI_ACTINST.ACT_INST_STATE_`: 0 DEFAULT, 2 CANCELED. */
export const ACTIVITY_DEFAULT = 0;
export const ACTIVITY_CANCELED = 2;
