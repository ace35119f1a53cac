import { collectorMetric, httpPorts, NODE_NAMES } from './fault-apps';
import { readTopic } from './topic-reader';

export interface NodeStatusFact {
  eventId: string;
  nodeName: string;
  status: string;
}

export async function nodeStatusFacts(): Promise<NodeStatusFact[]> {
  return (await readTopic('camunda.node.status.v1')).map((f) => ({
    eventId: f.eventId,
    nodeName: f.payload.nodeName,
    status: f.payload.status,
  }));
}

/** The collector's `kafka-publish` readiness check: ok, and which nodes' publishes fail and why. */
export async function kafkaPublishCheck(): Promise<{ ok: boolean; detail: unknown } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${httpPorts.collector}/health/ready`);
    const body = (await response.json()) as { checks?: Record<string, { ok: boolean; detail: unknown }> };
    return body.checks?.['kafka-publish'] ?? null;
  } catch {
    return null;
  }
}

export interface CycleCounts {
  /** Counted against the engine. */
  failed: number;
  /** Stopped on Kafka. */
  publishFailed: number;
  /** Stopped on the collector's own database. */
  stateFailed: number;
}

/** Per node: how the collector's cycles ended, from its /metrics. */
export async function cycleCounts(): Promise<Record<string, CycleCounts>> {
  const counts: Record<string, CycleCounts> = {};
  for (const node of NODE_NAMES) {
    counts[node] = {
      failed: await collectorMetric('flowpilot_collector_poll_duration_seconds_count', {
        node,
        outcome: 'failed',
      }),
      publishFailed: await collectorMetric('flowpilot_collector_publish_failures_total', { node }),
      stateFailed: await collectorMetric('flowpilot_collector_state_failures_total', { node }),
    };
  }
  return counts;
}
