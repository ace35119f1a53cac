import { readWholeTopic } from '@flowpilot/shared/testing';
import { percentile } from '../e2e/latency.util';
import { pipelineKafka, withPostgres } from './pipeline-stack';

/** One delivered incident webhook: Camunda's incident time and when the receiver got it. */
export interface IncidentDelivery {
  incidentId: string;
  openedAt: number;
  receivedAt: number;
}

/** Where one incident's time went, in ms from Camunda's incidentTimestamp. */
export interface IncidentStages {
  incidentId: string;
  /** Camunda's incidentTimestamp (epoch ms). */
  openedAt: number;
  /** The collector's fact reached Kafka (the record's timestamp). */
  publishedMs: number;
  /** The gateway's transaction that wrote the outbox row began (`now()` of that transaction). */
  projectedMs: number;
  /** The dispatcher's first attempt began (attempted_at minus the attempt's latency). */
  sentMs: number;
  receivedMs: number;
}

const INCIDENT_TOPIC = 'camunda.incident.opened.v1';

/**
 * Splits each delivered incident's latency into the hops of the pipeline: engine → Kafka (the collector's
 * poll and cycle), Kafka → outbox (the gateway's consumer), outbox → first attempt (the dispatcher), and
 * the send itself. A webhook p99 that misses its goal then says which hop held it.
 */
export async function incidentStages<K extends string>(
  groups: Record<K, IncidentDelivery[]>,
  gatewayDb: string,
): Promise<Record<K, IncidentStages[]>> {
  const wanted = new Set(
    Object.values<IncidentDelivery[]>(groups)
      .flat()
      .map((d) => d.incidentId),
  );
  // The topic is read once for every group: it holds all of this run's incidents.
  const [published, outbox] =
    wanted.size === 0
      ? [new Map<string, number>(), new Map<string, OutboxTimes>()]
      : await Promise.all([publishTimes(wanted), outboxTimes(gatewayDb, [...wanted])]);
  const traced = (deliveries: IncidentDelivery[]) =>
    deliveries.flatMap((d): IncidentStages[] => {
      const publishedAt = published.get(d.incidentId);
      const row = outbox.get(d.incidentId);
      if (publishedAt === undefined || row === undefined) return [];
      return [
        {
          incidentId: d.incidentId,
          openedAt: d.openedAt,
          publishedMs: publishedAt - d.openedAt,
          projectedMs: row.projectedAt - d.openedAt,
          sentMs: row.sentAt - d.openedAt,
          receivedMs: d.receivedAt - d.openedAt,
        },
      ];
    });
  const entries = Object.entries<IncidentDelivery[]>(groups).map(([group, deliveries]) => [
    group,
    traced(deliveries),
  ]);
  return Object.fromEntries(entries) as Record<K, IncidentStages[]>;
}

/** One line for the report: each hop's median and the slowest incident's path. */
export function describeStages(
  label: string,
  stages: IncidentStages[],
  reference?: { name: string; at: number },
): string {
  if (stages.length === 0) return `incident hops (${label}): none could be traced.`;
  const hop = (s: IncidentStages) => ({
    'engine → Kafka': s.publishedMs,
    'Kafka → outbox': s.projectedMs - s.publishedMs,
    'outbox → first attempt': s.sentMs - s.projectedMs,
    'attempt → received': s.receivedMs - s.sentMs,
  });
  const names = Object.keys(hop(stages[0])) as (keyof ReturnType<typeof hop>)[];
  const medians = names
    .map(
      (n) =>
        `${n} ${percentile(
          stages.map((s) => hop(s)[n]),
          0.5,
        )} ms`,
    )
    .join(', ');
  const slowest = stages.reduce((a, b) => (b.receivedMs > a.receivedMs ? b : a));
  const path = names.map((n) => `${n} ${hop(slowest)[n]} ms`).join(', ');
  const when = reference
    ? `, opened ${Math.abs(slowest.openedAt - reference.at)} ms ${slowest.openedAt <= reference.at ? 'before' : 'after'} ${reference.name}`
    : '';
  return `incident hops (${label}, ${stages.length} traced): medians ${medians}; slowest (${slowest.receivedMs} ms${when}): ${path}.`;
}

/** When each wanted incident's fact was written to Kafka (the first record of it; a re-publish keeps its id). */
async function publishTimes(wanted: Set<string>): Promise<Map<string, number>> {
  const records = await readWholeTopic(pipelineKafka, INCIDENT_TOPIC, { clientId: 'bench-incident-stages' });
  const times = new Map<string, number>();
  for (const { envelope, timestamp } of records) {
    const incidentId = envelope?.payload.incidentId;
    if (incidentId && wanted.has(incidentId) && !times.has(incidentId)) times.set(incidentId, timestamp);
  }
  return times;
}

interface OutboxTimes {
  projectedAt: number;
  sentAt: number;
}

async function outboxTimes(gatewayDb: string, incidentIds: string[]): Promise<Map<string, OutboxTimes>> {
  return withPostgres(gatewayDb, async (client) => {
    const { rows } = await client.query<{ incident_id: string; projected: Date; sent: Date | null }>(
      `SELECT o.body -> 'data' ->> 'incidentId' AS incident_id, o.created_at AS projected,
              min(a.attempted_at - make_interval(secs => a.latency_ms / 1000.0)) AS sent
         FROM gateway.webhook_outbox o
         LEFT JOIN gateway.webhook_delivery_attempts a ON a.delivery_id = o.id
        WHERE o.event_type = 'incident.opened' AND o.body -> 'data' ->> 'incidentId' = ANY ($1)
        GROUP BY o.id`,
      [incidentIds],
    );
    return new Map(
      rows
        .filter((r) => r.sent !== null)
        .map((r) => [r.incident_id, { projectedAt: r.projected.getTime(), sentAt: r.sent!.getTime() }]),
    );
  });
}
