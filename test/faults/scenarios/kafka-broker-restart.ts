import { waitFor } from '../../support/wait-for';
import { cycleCounts, kafkaPublishCheck, nodeStatusFacts } from '../support/collector-checks';
import { FaultContext } from '../support/fault-context';
import { record } from '../support/figures';
import {
  FAILING_KEY,
  finishedInstanceIds,
  incidentIds,
  QUICK_KEY,
  startInstances,
} from '../support/fault-models';
import { camundaUrl, stack } from '../support/private-stack';
import { eventIdStats, readTopic } from '../support/topic-reader';
import { acceptedRetries, acceptedTwice, deliveries } from '../support/webhook-checks';

const QUICK_INSTANCES = 40;
const FAILING_INSTANCES = 8;
/**
 * The broker is restarted once the collector has noticed it is gone, which takes one cycle timed out on a
 * publish (NODE_POLL_TIMEOUT_MS, 8 s); the restart adds ~20–30 s. Were that cycle counted against the engine,
 * CIRCUIT_FAILURE_THRESHOLD (1) would open fnode1's circuit, and its node-down (kafkajs keeps retrying the send
 * for longer than the outage) would be published as soon as the broker is back.
 */
const NOTICED_WITHIN_MS = 30_000;

export function kafkaBrokerRestart(ctx: FaultContext): void {
  it('Kafka broker SIGKILLed and restarted mid-stream: every fact reaches Kafka, no webhook accepted twice', async () => {
    const started = Date.now();
    const node1 = camundaUrl(1);
    // Instances keep being created on the engine before, during and after the broker's outage.
    const quick = startInstances(node1, QUICK_KEY, QUICK_INSTANCES, 250);
    const failing = startInstances(node1, FAILING_KEY, FAILING_INSTANCES, 1_200);
    await waitFor(
      'the first completed-process facts',
      async () => (await readTopic('camunda.process.completed.v1')).length > 0,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const statusFactsBefore = new Set((await nodeStatusFacts()).map((f) => f.eventId));
    const cyclesBefore = await cycleCounts();
    stack('kill', 'kafka');
    const killedAt = Date.now();
    // The collector reports the broker, not the engine, as the problem (stack.sh blocks the event loop, so
    // this is watched before the restart). Instances are still being started, so cycles have facts to publish.
    const blockedCheck = await waitFor(
      "the collector's kafka-publish readiness check to fail",
      async () => {
        const check = await kafkaPublishCheck();
        return check !== null && !check.ok && check;
      },
      { timeoutMs: NOTICED_WITHIN_MS, intervalMs: 500 },
    );
    const blockedAfterMs = Date.now() - killedAt;
    stack('up', 'kafka');
    const outageMs = Date.now() - killedAt;
    await Promise.all([quick, failing]);

    const finished = await finishedInstanceIds(node1, QUICK_KEY);
    expect(finished).toHaveLength(QUICK_INSTANCES);
    const incidents = await waitFor(
      'Camunda to record an incident per failing instance',
      async () => {
        const ids = await incidentIds(node1, FAILING_KEY);
        return ids.length === FAILING_INSTANCES && ids;
      },
      { timeoutMs: 60_000 },
    );

    const completedFacts = await waitFor(
      'a completed-process fact for every instance Camunda finished',
      async () => {
        const facts = (await readTopic('camunda.process.completed.v1')).filter(
          (f) => f.payload.processDefinitionKey === QUICK_KEY,
        );
        const seen = new Set(facts.map((f) => f.payload.processInstanceId));
        return finished.every((id) => seen.has(id)) && facts;
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
    const incidentFacts = await waitFor(
      'an incident-opened fact for every incident Camunda recorded',
      async () => {
        const facts = (await readTopic('camunda.incident.opened.v1')).filter(
          (f) => f.payload.processDefinitionKey === FAILING_KEY,
        );
        const seen = new Set(facts.map((f) => f.payload.incidentId));
        return incidents.every((id) => seen.has(id)) && facts;
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
    // Downstream of Kafka: the gateway delivers each incident's analysis and each completion once.
    await waitFor(
      'incident.analyzed and process.completed webhooks for all of them',
      () => {
        const analyzed = new Set(
          deliveries(ctx.receiver, 'incident.analyzed').map((w) => w.body.data.incidentId),
        );
        const completed = new Set(
          deliveries(ctx.receiver, 'process.completed', (d) => d.processDefinitionKey === QUICK_KEY).map(
            (w) => w.body.data.processInstanceId,
          ),
        );
        return incidents.every((id) => analyzed.has(id)) && finished.every((id) => completed.has(id));
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );

    expect(new Set(completedFacts.map((f) => f.payload.processInstanceId)).size).toBe(QUICK_INSTANCES);
    expect(new Set(incidentFacts.map((f) => f.payload.incidentId)).size).toBe(FAILING_INSTANCES);
    expect(acceptedTwice(ctx.receiver)).toEqual([]);

    // Both engines were healthy throughout: no cycle counted against them, no node-down (nor any status
    // change) published, and readiness is green again once the unacknowledged facts were re-published.
    expect(blockedCheck.detail).toEqual(expect.any(Object));
    await waitFor(
      "the collector's kafka-publish readiness check to pass again",
      async () => (await kafkaPublishCheck())?.ok === true,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const cyclesAfter = await cycleCounts();
    const newStatusFacts = (await nodeStatusFacts()).filter((f) => !statusFactsBefore.has(f.eventId));
    expect(newStatusFacts).toEqual([]);
    const countedAgainstEngines = Object.keys(cyclesBefore).map((node) => ({
      node,
      failed: cyclesAfter[node].failed - cyclesBefore[node].failed,
    }));
    expect(countedAgainstEngines).toEqual(Object.keys(cyclesBefore).map((node) => ({ node, failed: 0 })));
    expect(cyclesAfter.fnode1.publishFailed).toBeGreaterThan(cyclesBefore.fnode1.publishFailed);
    record('kafka-broker-restart', {
      durationMs: Date.now() - started,
      brokerOutageMs: outageMs,
      factsChecked: completedFacts.length + incidentFacts.length,
      instancesChecked: QUICK_INSTANCES,
      incidentsChecked: FAILING_INSTANCES,
      factIdsPublishedMoreThanOnce:
        eventIdStats(completedFacts).repeated + eventIdStats(incidentFacts).repeated,
      webhooksAcceptedTwice: acceptedTwice(ctx.receiver).length,
      webhookRetriesOfOneRow: acceptedRetries(ctx.receiver),
      kafkaPublishNotReadyAfterMs: blockedAfterMs,
      cyclesStoppedOnKafka: Object.keys(cyclesBefore)
        .map((node) => `${node}: ${cyclesAfter[node].publishFailed - cyclesBefore[node].publishFailed}`)
        .join(', '),
      cyclesCountedAgainstEngines: countedAgainstEngines.reduce((sum, c) => sum + c.failed, 0),
      nodeStatusFactsDuringOutage: newStatusFacts.length,
    });
  }, 300_000);
}
