import { Controller, Inject } from '@nestjs/common';
import { EventBatch, OnEventBatch, requireNodeId } from '@flowpilot/shared';
import { AlertRepository } from '../alerts/alert.repository';
import { nodeOfReport, outboundEvent } from '../events/outbound-event.util';
import { eachEvent, ProjectionWriter } from '../events/projection-writer.service';
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

  @OnEventBatch('camunda.node.status.v1')
  async status(batch: EventBatch<'camunda.node.status.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      eachEvent(async (tx, event) => {
        const nodeId = nodeOfReport(event);
        const p = event.payload;
        await this.nodes.applyStatus(tx, nodeId, p, event.occurredAt);
        if (p.status === p.previousStatus) return;
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
          await this.alerts.resolveSubject(
            tx,
            'node-down',
            subjectKey,
            'node came back up',
            event.occurredAt,
          );
        }
      }),
      (_tx, event) => {
        const p = event.payload;
        // No change is no news, and the first sighting of a healthy node (unknown → up) is not news to subscribers.
        if (p.status === p.previousStatus || (p.previousStatus === 'unknown' && p.status === 'up')) return [];
        return [
          outboundEvent(
            { ...event, nodeId: nodeOfReport(event) },
            p.status === 'down' ? 'node.down' : 'node.up',
          ),
        ];
      },
    );
  }

  @OnEventBatch('camunda.engine.version.v1')
  async version(batch: EventBatch<'camunda.engine.version.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      eachEvent((tx, event) => this.nodes.applyVersion(tx, requireNodeId(event), event.payload)),
    );
  }

  @OnEventBatch('camunda.jvm.metrics.v1')
  async jvm(batch: EventBatch<'camunda.jvm.metrics.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      eachEvent((tx, event) => this.nodes.applyJvm(tx, requireNodeId(event), event.payload)),
    );
  }

  @OnEventBatch('analysis.health.v1')
  async health(batch: EventBatch<'analysis.health.v1'>): Promise<void> {
    await this.writer.apply(batch, async (tx, events) => {
      for (const event of events) await this.nodes.applyHealth(tx, event.payload);
      await this.trends.applyHealth(
        tx,
        events.map((event) => event.payload),
      );
    });
  }
}
