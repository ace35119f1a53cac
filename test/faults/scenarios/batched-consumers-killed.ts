import { psql } from '@flowpilot/shared/testing';
import { waitFor } from '../../support/wait-for';
import { FaultContext } from '../support/fault-context';
import { record } from '../support/figures';
import { NODE_NAMES } from '../support/fault-apps';
import { FAN_OUT_KEY, finishedInstanceIds, startInstances } from '../support/fault-models';
import { camundaUrl, FAULT_STACK } from '../support/private-stack';

const STARTS = 4;

/** A count from the PostgreSQL on `port`; an empty answer counts as 0. */
function count(port: number, database: string, sql: string): number {
  return Number(psql(sql, database, { port }) || '0');
}

/** The engine's own count: finished, not cancelled activity instances of the definition (what the analyzer judges). */
function engineActivities(): number {
  return count(
    5432,
    `${FAULT_STACK.camundaDbPrefix}1`,
    `SELECT count(*) FROM act_hi_actinst WHERE proc_def_key_ = '${FAN_OUT_KEY}' AND end_time_ IS NOT NULL AND act_inst_state_ <> 2`,
  );
}

const services = (sql: string) => count(FAULT_STACK.servicesPgPort, FAULT_STACK.servicesDb, sql);
const where = `node_name = '${NODE_NAMES[0]}' AND process_definition_key = '${FAN_OUT_KEY}'`;
const analyzedActivities = () =>
  services(
    `SELECT coalesce(sum(sample_count), 0) FROM analyzer.duration_stats WHERE ${where} AND activity_id <> ''`,
  );
const analyzedInstances = () =>
  services(
    `SELECT coalesce(sum(sample_count), 0) FROM analyzer.duration_stats WHERE ${where} AND activity_id = ''`,
  );
const countedCompletions = () =>
  services(`SELECT coalesce(sum(completed), 0) FROM analyzer.process_days WHERE ${where}`);
const projectedCompletions = () =>
  services(
    `SELECT coalesce(sum(completed), 0) FROM gateway.process_statistics WHERE node_id = '${NODE_NAMES[0]}' AND process_definition_key = '${FAN_OUT_KEY}'`,
  );

export function batchedConsumersKilled(ctx: FaultContext): void {
  it('analyzer and gateway SIGKILLed in the middle of a multi-instance burst: after restart every fact counted exactly once', async () => {
    const started = Date.now();
    const node1 = camundaUrl(1);
    await startInstances(node1, FAN_OUT_KEY, STARTS);

    await waitFor('the analyzer to be part-way through the burst', async () => analyzedActivities() > 0, {
      timeoutMs: 120_000,
      intervalMs: 50,
    });
    await Promise.all([ctx.apps.analyzer.kill(), ctx.apps.gateway.kill()]);
    const countedAtKill = analyzedActivities();
    await Promise.all([ctx.apps.analyzer.start(), ctx.apps.gateway.start()]);

    const finished = await waitFor(
      'the engine to finish every instance of the burst',
      async () => {
        const ids = await finishedInstanceIds(node1, FAN_OUT_KEY);
        return ids.length === STARTS && ids;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const expectedActivities = engineActivities();
    await waitFor(
      'the analyzer and the gateway to catch up with the engine',
      () =>
        analyzedActivities() >= expectedActivities &&
        analyzedInstances() >= STARTS &&
        projectedCompletions() >= STARTS,
      { timeoutMs: 180_000, intervalMs: 1_000 },
    );
    // Settle: a fact counted twice would land after the totals were first reached.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect(analyzedActivities()).toBe(expectedActivities);
    expect(analyzedInstances()).toBe(finished.length);
    expect(countedCompletions()).toBe(finished.length);
    expect(projectedCompletions()).toBe(finished.length);
    record('batched-consumers-killed', {
      durationMs: Date.now() - started,
      activityFactsChecked: expectedActivities,
      countedAtKill,
      instances: finished.length,
    });
    // The kill must have landed inside the burst, or this test proved nothing about a mid-batch crash.
    expect(countedAtKill).toBeLessThan(expectedActivities);
  }, 420_000);
}
