import { EventPublisher, TransientError } from '@flowpilot/shared';
import { parsePrometheusText, toJvmMetrics } from './jvm-metrics.util';
import { PeriodicSnapshot } from './periodic-snapshot';

/** Scrapes a node's Micrometer endpoint (JMX_NODE_<n>_URL) and publishes the JVM figures. */
export class JvmMetricsSnapshot extends PeriodicSnapshot {
  readonly kind = 'jvm-metrics';

  constructor(
    private readonly nodeId: string,
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly publisher: Pick<EventPublisher, 'publish'>,
    intervalMs: number,
    now?: () => number,
  ) {
    super(intervalMs, now);
  }

  protected async collect(): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        headers: { accept: 'text/plain' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TransientError(
        `JVM metrics of node ${this.nodeId} unreachable: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    if (!response.ok)
      throw new TransientError(`JVM metrics of node ${this.nodeId} answered ${response.status}`);
    const metrics = toJvmMetrics(parsePrometheusText(await response.text()), new Date(this.now()));
    await this.publisher.publish('camunda.jvm.metrics.v1', metrics, { nodeId: this.nodeId });
  }
}
