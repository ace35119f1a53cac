import { TransientError } from '@flowpilot/shared';
import { parsePrometheusText, toJvmMetrics } from './jvm-metrics.util';
import { PeriodicSnapshot, SnapshotParts } from './periodic-snapshot';

export interface JvmMetricsParts extends SnapshotParts {
  /** The node's Micrometer Prometheus endpoint. */
  url: string;
  timeoutMs: number;
}

/** Scrapes a node's Micrometer endpoint (JMX_NODE_<n>_URL) and publishes the JVM figures. */
export class JvmMetricsSnapshot extends PeriodicSnapshot {
  readonly kind = 'jvm-metrics';

  constructor(private readonly parts: JvmMetricsParts) {
    super(parts);
  }

  protected async collect(): Promise<void> {
    const { nodeId, url, timeoutMs, publisher } = this.parts;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'text/plain' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new TransientError(`JVM metrics of node ${nodeId} unreachable: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!response.ok) throw new TransientError(`JVM metrics of node ${nodeId} answered ${response.status}`);
    const metrics = toJvmMetrics(parsePrometheusText(await response.text()), new Date(this.now()));
    await publisher.publish('camunda.jvm.metrics.v1', metrics, { nodeId });
  }
}
