import { waitFor } from '../../support/wait-for';
import { delay, FaultContext } from '../support/fault-context';
import { record } from '../support/figures';
import {
  CIRCUIT_FAILURE_THRESHOLD,
  collectorMetric,
  gatewayApi,
  NODE_NAMES,
  POLL_INTERVAL_MS,
} from '../support/fault-apps';
import { finishedInstanceIds, QUICK_KEY, startInstances } from '../support/fault-models';
import { camundaUrl, stack } from '../support/private-stack';
import { readTopic } from '../support/topic-reader';
import { acceptedTwice, deliveries } from '../support/webhook-checks';

const [STEADY_NODE, KILLED_NODE] = NODE_NAMES;

async function statusFacts(): Promise<{ nodeName: string; status: string; occurredAt: string }[]> {
  return (await readTopic('camunda.node.status.v1')).map((f) => ({
    nodeName: f.payload.nodeName,
    status: f.payload.status,
    occurredAt: f.occurredAt,
  }));
}

async function gatewayNodeStatus(node: string): Promise<string | undefined> {
  const body = (await (await gatewayApi('/nodes')).json()) as { data: { nodeId: string; status: string }[] };
  return body.data.find((n) => n.nodeId === node)?.status;
}

async function completedIds(node: string): Promise<Set<string>> {
  const facts = await readTopic('camunda.process.completed.v1');
  return new Set(
    facts
      .filter((f) => f.nodeId === node && f.payload.processDefinitionKey === QUICK_KEY)
      .map((f) => f.payload.processInstanceId),
  );
}

const failedCycles = (): Promise<number> =>
  collectorMetric('flowpilot_collector_poll_duration_seconds_count', {
    node: KILLED_NODE,
    outcome: 'failed',
  });

export function camundaNodeKill(ctx: FaultContext): void {
  it('a Camunda node SIGKILLed: the other keeps flowing, node-down within two cycles, node-up and no gap after restart', async () => {
    const started = Date.now();
    const steadyUrl = camundaUrl(1);
    const killedUrl = camundaUrl(2);
    const downsBefore = (await statusFacts()).filter(
      (f) => f.nodeName === KILLED_NODE && f.status === 'down',
    ).length;
    const failedBefore = await failedCycles();

    // Taken before the kill: stack.sh returns only after the JVM is gone, and the collector may notice first.
    const killedAt = Date.now();
    stack('kill', 'camunda-node2');
    // The steady node's facts keep flowing while the other is down.
    const duringOutage = startInstances(steadyUrl, QUICK_KEY, 10, 300);

    const down = await waitFor(
      `a node-down fact for ${KILLED_NODE}`,
      async () =>
        (await statusFacts()).filter((f) => f.nodeName === KILLED_NODE && f.status === 'down')[downsBefore],
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    const failedToDown = (await failedCycles()) - failedBefore;
    const downLatencyCycles = (Date.parse(down.occurredAt) - killedAt) / POLL_INTERVAL_MS;
    // The circuit opens (and node-down is published) on the CIRCUIT_FAILURE_THRESHOLD-th failed cycle; the
    // circuit then stays open CIRCUIT_OPEN_MS, so no further cycle has failed by now unless it took that long.
    expect(failedToDown).toBe(CIRCUIT_FAILURE_THRESHOLD);
    await waitFor(
      'the gateway to show the node down',
      async () => (await gatewayNodeStatus(KILLED_NODE)) === 'down',
      {
        timeoutMs: 30_000,
      },
    );
    await waitFor(
      'a node.down webhook',
      () => deliveries(ctx.receiver, 'node.down', (d) => d.nodeName === KILLED_NODE).length > 0,
      {
        timeoutMs: 30_000,
      },
    );

    const steadyIds = await duringOutage;
    await waitFor(
      `every instance started on ${STEADY_NODE} during the outage as a fact`,
      async () => {
        const seen = await completedIds(STEADY_NODE);
        return steadyIds.every((id) => seen.has(id));
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );

    // Restart; instances are started on the restarted node as soon as it answers, while the collector's
    // circuit may still be open: none of them may be missed.
    stack('up', 'camunda-node2');
    const restartedAt = Date.now();
    const afterRestart = await startInstances(killedUrl, QUICK_KEY, 10, 300);
    await waitFor(
      `a node-up fact for ${KILLED_NODE}`,
      async () => {
        const facts = (await statusFacts()).filter((f) => f.nodeName === KILLED_NODE);
        return facts[facts.length - 1]?.status === 'up';
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const more = await startInstances(killedUrl, QUICK_KEY, 5, 200);
    await delay(POLL_INTERVAL_MS);
    const expected = (await finishedInstanceIds(killedUrl, QUICK_KEY)).filter((id) =>
      [...afterRestart, ...more].includes(id),
    );
    expect(expected).toHaveLength(15);
    await waitFor(
      `every instance of ${KILLED_NODE} started after the restart as a fact`,
      async () => {
        const seen = await completedIds(KILLED_NODE);
        return expected.every((id) => seen.has(id));
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    await waitFor(
      'the gateway to show the node up',
      async () => (await gatewayNodeStatus(KILLED_NODE)) === 'up',
      {
        timeoutMs: 30_000,
      },
    );
    await waitFor(
      'a node.up webhook',
      () => deliveries(ctx.receiver, 'node.up', (d) => d.nodeName === KILLED_NODE).length > 0,
      {
        timeoutMs: 30_000,
      },
    );
    expect(acceptedTwice(ctx.receiver)).toEqual([]);
    record('camunda-node-kill', {
      durationMs: Date.now() - started,
      failedCyclesToNodeDown: failedToDown,
      nodeDownLatencyCycles: Number(downLatencyCycles.toFixed(2)),
      restartToFactsMs: Date.now() - restartedAt,
      steadyNodeInstancesChecked: steadyIds.length,
      restartedNodeInstancesChecked: expected.length,
    });
  }, 300_000);
}
