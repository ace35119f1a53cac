import { IncidentOpenedSchema, JobFailedSchema, UserTaskCompletedSchema } from '@flowpilot/shared';
import {
  candidatesOf,
  toActivityCompleted,
  toIncidentOpened,
  toIncidentResolved,
  toJobFailed,
  toProcessCompleted,
  toUserTaskCompleted,
} from './history-row.mappers';
import type { IncidentRow, TaskInstanceRow } from './history-rows';

const at = (iso: string) => new Date(iso);

const incident = (overrides: Partial<IncidentRow> = {}): IncidentRow => ({
  id: 'inc-1',
  incident_type: 'failedJob',
  message: 'Unknown property used in expression: ${missingVar}',
  activity_id: 'charge',
  failed_activity_id: 'charge',
  proc_def_id: 'pay:1:abc',
  proc_def_key: 'pay',
  proc_inst_id: 'pi-1',
  execution_id: 'ex-1',
  configuration: 'job-7',
  cause_incident_id: 'inc-1',
  root_cause_incident_id: 'inc-1',
  tenant_id: null,
  state: 0,
  create_time: at('2026-11-22T04:00:00.123Z'),
  end_time: null,
  ...overrides,
});

const task = (overrides: Partial<TaskInstanceRow> = {}): TaskInstanceRow => ({
  id: 'task-1',
  name: 'Approve',
  task_def_key: 'approve',
  proc_def_id: 'order:1:x',
  proc_def_key: 'order',
  proc_inst_id: 'pi-2',
  assignee: 'demo',
  priority: null,
  delete_reason: 'completed',
  start_time: at('2026-11-22T04:00:00.000Z'),
  end_time: at('2026-11-22T05:30:00.000Z'),
  due_date: null,
  duration: null,
  ...overrides,
});

describe('history row mappers', () => {
  it('names the failed job of a failedJob incident and the external task of a failedExternalTask one', () => {
    const sut = toIncidentOpened(incident());
    const external = toIncidentOpened(
      incident({ incident_type: 'failedExternalTask', configuration: 'ext-9' }),
    );

    expect(IncidentOpenedSchema.parse(sut)).toMatchObject({
      jobId: 'job-7',
      externalTaskId: null,
      createdAt: '2026-11-22T04:00:00.123Z',
    });
    expect(external).toMatchObject({ jobId: null, externalTaskId: 'ext-9' });
  });

  it('tells a resolved incident from a deleted one', () => {
    const ended = (state: number) => ({ ...incident({ state }), end_time: at('2026-11-22T04:10:00.000Z') });

    expect(toIncidentResolved(ended(1)).resolution).toBe('resolved');
    expect(toIncidentResolved(ended(2)).resolution).toBe('deleted');
  });

  it('takes the engine duration when recorded and computes it from the timestamps otherwise', () => {
    const row = {
      id: 'pi-1',
      proc_def_id: 'p:1:1',
      proc_def_key: 'p',
      business_key: 'order-42',
      state: 'COMPLETED',
      start_time: at('2026-11-22T04:00:00.000Z'),
      end_time: at('2026-11-22T04:00:02.500Z'),
    };

    expect(toProcessCompleted({ ...row, duration: '2400' }).durationMs).toBe(2_400);
    expect(toProcessCompleted({ ...row, duration: null }).durationMs).toBe(2_500);
  });

  it('marks a cancelled activity instance', () => {
    const row = {
      id: 'ai-1',
      act_id: 'charge',
      act_name: null,
      act_type: 'serviceTask',
      proc_def_id: 'p:1:1',
      proc_def_key: 'p',
      proc_inst_id: 'pi-1',
      execution_id: null,
      assignee: null,
      start_time: at('2026-11-22T04:00:00.000Z'),
      end_time: at('2026-11-22T04:00:01.000Z'),
      duration: '1000',
    };

    expect(toActivityCompleted({ ...row, act_inst_state: 2 }).canceled).toBe(true);
    expect(toActivityCompleted({ ...row, act_inst_state: 1 }).canceled).toBe(false);
  });

  it("gives a completed task its age and outcome, and Camunda's default priority when none is stored", () => {
    const sut = toUserTaskCompleted(task() as TaskInstanceRow & { end_time: Date });
    const deleted = toUserTaskCompleted(
      task({ delete_reason: 'deleted' }) as TaskInstanceRow & { end_time: Date },
    );

    expect(UserTaskCompletedSchema.parse(sut)).toMatchObject({
      ageMs: 5_400_000,
      outcome: 'completed',
      priority: 50,
    });
    expect(deleted.outcome).toBe('deleted');
  });

  it('counts the failure itself against the retries the job-log entry recorded', () => {
    const row = {
      id: 'log-1',
      job_id: 'job-7',
      job_def_id: null,
      job_def_type: 'async-continuation',
      act_id: 'charge',
      failed_act_id: 'charge',
      process_def_id: 'p:1:1',
      process_def_key: 'p',
      process_instance_id: 'pi-1',
      exception_msg: 'boom',
      failed_at: at('2026-11-22T04:00:00.000Z'),
    };

    expect(JobFailedSchema.parse(toJobFailed({ ...row, job_retries: 3 })).retriesLeft).toBe(2);
    expect(toJobFailed({ ...row, job_retries: 1 }).retriesLeft).toBe(0);
  });

  it('replays candidate links: added groups stay, deleted ones go', () => {
    const sut = candidatesOf([
      { task_id: 't1', group_id: 'ops', user_id: null, operation_type: 'add' },
      { task_id: 't1', group_id: 'finance', user_id: null, operation_type: 'add' },
      { task_id: 't1', group_id: null, user_id: 'kermit', operation_type: 'add' },
      { task_id: 't1', group_id: 'ops', user_id: null, operation_type: 'delete' },
      { task_id: 't2', group_id: 'sales', user_id: null, operation_type: 'add' },
    ]);

    expect(sut.get('t1')).toEqual({ groups: ['finance'], users: ['kermit'] });
    expect(sut.get('t2')).toEqual({ groups: ['sales'], users: [] });
  });
});
