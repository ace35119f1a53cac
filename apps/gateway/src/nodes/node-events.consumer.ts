import { Controller, Inject } from '@nestjs/common';
import { EventOf, OnEvent } from '@flowpilot/shared';
import { AlertRepository } from '../alerts/alert.repository';
import { outboundEvent, requireNodeId } from '../events/outbound-event.util';
import { ProjectionWriter } from '../events/projection-writer.service';
import { TrendBucketsRepository } from '../trends/trend-buckets.repository';
import { NodeRepository } from './node.repository';

/** Node status, engine version, JVM figures and health scores; `node.down` / `node.up` webhooks and node-down alerts. */
@Controller()
export class NodeEventsConsumer {
  constructor(
    @Inject(ProjectionWriter) private readonly writer: ProjectionWriter,
    @Inject(NodeRepository) private readonly nodes: NodeRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(TrendBucketsRepository) private readonly trends: TrendBucketsRepository,
  ) {}

  @OnEvent('camunda.node.status.v1')
  async status(event: EventOf<'camunda.node.status.v1'>): Promise<void> {
    const nodeId = event.nodeId ?? event.payload.nodeName;
    const p = event.payload;
    await this.writer.apply('camunda.node.status.v1', event, async (tx) => {
      await this.nodes.applyStatus(tx, nodeId, p, event.occurredAt);
      if (p.status === p.previousStatus) return [];
      const subjectKey = `node:${nodeId}`;
      if (p.status === 'down') {
        await this.alerts.raise(tx, {
          sourceEventId: event.eventId,
          kind: 'node-down',
          severity: 'critical',
          nodeId,
          processDefinitionKey: null,
          subjectKey,
          title: `Camunda node ${nodeId} is down${p.reason ? `: ${p.reason}` : ''}`,
          details: { url: p.url, reason: p.reason },
          createdAt: event.occurredAt,
        });
      } else {
        await this.alerts.resolveSubject(tx, 'node-down', subjectKey, 'node came back up', event.occurredAt);
      }
      // The first sighting of a healthy node (unknown → up) is not news to subscribers.
      if (p.previousStatus === 'unknown' && p.status === 'up') return [];
      return [outboundEvent({ ...event, nodeId }, p.status === 'down' ? 'node.down' : 'node.up')];
    });
  }

  @OnEvent('camunda.engine.version.v1')
  async version(event: EventOf<'camunda.engine.version.v1'>): Promise<void> {
    const nodeId = requireNodeId(event);
    await this.writer.apply('camunda.engine.version.v1', event, (tx) =>
      this.nodes.applyVersion(tx, nodeId, event.payload),
    );
  }

  @OnEvent('camunda.jvm.metrics.v1')
  async jvm(event: EventOf<'camunda.jvm.metrics.v1'>): Promise<void> {
    const nodeId = requireNodeId(event);
    await this.writer.apply('camunda.jvm.metrics.v1', event, (tx) =>
      this.nodes.applyJvm(tx, nodeId, event.payload),
    );
  }

  @OnEvent('analysis.health.v1')
  async health(event: EventOf<'analysis.health.v1'>): Promise<void> {
    await this.writer.apply('analysis.health.v1', event, async (tx) => {
      await this.nodes.applyHealth(tx, event.payload);
      await this.trends.applyHealth(tx, [event.payload]);
    });
  }
}
