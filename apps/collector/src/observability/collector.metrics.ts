import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitState } from '../circuit/circuit-breaker';
import type { CollectorEvents } from './collector.events';

const CIRCUIT_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Prometheus metrics of the collector, fed by its lifecycle events. */
export function registerCollectorMetrics(
  registry: Registry,
  events: CollectorEvents,
  nodeIds: string[],
): void {
  const pollDuration = new Histogram({
    name: 'flowpilot_collector_poll_duration_seconds',
    help: 'Duration of one collection cycle of a node (probe, history streams, due snapshots).',
    labelNames: ['node', 'outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const costPerFact = new Gauge({
    name: 'flowpilot_collector_cycle_seconds_per_fact',
    help: 'Cost of the last cycle of the node that published facts, divided by the facts it published (busy engines: the number to watch).',
    labelNames: ['node'],
    registers: [registry],
  });
  const nodeUp = new Gauge({
    name: 'flowpilot_collector_node_up',
    help: '1 when the last cycle of the node succeeded, 0 when it failed.',
    labelNames: ['node'],
    registers: [registry],
  });
  const circuit = new Gauge({
    name: 'flowpilot_collector_circuit_state',
    help: 'Circuit breaker of the node: 0 closed, 1 half-open, 2 open.',
    labelNames: ['node'],
    registers: [registry],
  });
  const restLatency = new Gauge({
    name: 'flowpilot_collector_rest_latency_seconds',
    help: 'Latency of the last REST probe (GET /version) of the node.',
    labelNames: ['node'],
    registers: [registry],
  });
  const facts = new Counter({
    name: 'flowpilot_collector_facts_published_total',
    help: 'Facts published from the history streams, per node and topic.',
    labelNames: ['node', 'topic'],
    registers: [registry],
  });
  const skipped = new Counter({
    name: 'flowpilot_collector_polls_skipped_total',
    help: 'Cycles of a node not run: the previous one was still running, or its circuit was open.',
    labelNames: ['node', 'reason'],
    registers: [registry],
  });
  const publishFailures = new Counter({
    name: 'flowpilot_collector_publish_failures_total',
    help: 'Cycles of a node that stopped on Kafka (a publish failed or hung); they do not count against the node.',
    labelNames: ['node'],
    registers: [registry],
  });
  const publishBlocked = new Gauge({
    name: 'flowpilot_collector_publish_blocked',
    help: '1 while publishing the facts of the node to Kafka fails, 0 once a publish is acknowledged again or a cycle ends ok.',
    labelNames: ['node'],
    registers: [registry],
  });
  const stateFailures = new Counter({
    name: 'flowpilot_collector_state_failures_total',
    help: "Cycles of a node that stopped on the collector's own database (marks, node state); they do not count against the node.",
    labelNames: ['node'],
    registers: [registry],
  });
  const nodeDownUnpublished = new Counter({
    name: 'flowpilot_collector_node_down_unpublished_total',
    help: 'Node-down facts that could not be published when the circuit of the node opened (retried by a later failed cycle).',
    labelNames: ['node'],
    registers: [registry],
  });
  const snapshotFailures = new Counter({
    name: 'flowpilot_collector_snapshot_failures_total',
    help: 'Snapshots (backlog, engine metrics, stuck instances, history size, JVM) that failed.',
    labelNames: ['node', 'kind'],
    registers: [registry],
  });
  const backlogged = new Counter({
    name: 'flowpilot_collector_stream_truncated_total',
    help: 'Runs of a stream that stopped at the page budget with more rows waiting.',
    labelNames: ['node', 'stream'],
    registers: [registry],
  });

  for (const nodeId of nodeIds) {
    circuit.set({ node: nodeId }, CIRCUIT_VALUE.closed);
    publishBlocked.set({ node: nodeId }, 0);
  }
  events.on('polled', ({ nodeId, durationMs, published }) => {
    if (published > 0) costPerFact.set({ node: nodeId }, durationMs / 1000 / published);
  });
  events.on('polled', ({ nodeId, durationMs, restLatencyMs }) => {
    pollDuration.observe({ node: nodeId, outcome: 'ok' }, durationMs / 1000);
    nodeUp.set({ node: nodeId }, 1);
    restLatency.set({ node: nodeId }, restLatencyMs / 1000);
  });
  events.on('pollFailed', ({ nodeId, durationMs }) => {
    pollDuration.observe({ node: nodeId, outcome: 'failed' }, durationMs / 1000);
    nodeUp.set({ node: nodeId }, 0);
  });
  events.on('publishFailed', ({ nodeId, durationMs }) => {
    pollDuration.observe({ node: nodeId, outcome: 'publish-failed' }, durationMs / 1000);
    publishFailures.inc({ node: nodeId });
  });
  events.on('stateFailed', ({ nodeId, durationMs }) => {
    pollDuration.observe({ node: nodeId, outcome: 'state-failed' }, durationMs / 1000);
    stateFailures.inc({ node: nodeId });
  });
  events.on('publishBlocked', ({ nodeId }) => publishBlocked.set({ node: nodeId }, 1));
  events.on('publishResumed', ({ nodeId }) => publishBlocked.set({ node: nodeId }, 0));
  events.on('nodeDownUnpublished', ({ nodeId }) => nodeDownUnpublished.inc({ node: nodeId }));
  events.on('pollSkipped', ({ nodeId, reason }) => skipped.inc({ node: nodeId, reason }));
  events.on('circuit', ({ nodeId, to }) => circuit.set({ node: nodeId }, CIRCUIT_VALUE[to]));
  events.on('factsPublished', ({ nodeId, topic, count }) => facts.inc({ node: nodeId, topic }, count));
  events.on('snapshotFailed', ({ nodeId, kind }) => snapshotFailures.inc({ node: nodeId, kind }));
  events.on('truncated', ({ nodeId, stream }) => backlogged.inc({ node: nodeId, stream }));
}
