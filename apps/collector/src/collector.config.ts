import { z } from 'zod';
import {
  CAMUNDA_NODE_FAMILY,
  commonSettings,
  databaseSettings,
  httpUrl,
  integer,
  kafkaSettings,
  withCamundaNodes,
} from '@flowpilot/shared';

/** Micrometer endpoints per node, named like the operators' existing JMX_NODE_<n>_URL settings. */
export const JVM_METRICS_FAMILY = 'JMX_NODE_';
const JVM_METRICS_KEY = /^JMX_NODE_(\d+)_URL$/;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Every setting the collector reads, validated at start-up (see docs/collector.md, "Settings"). */
export const CollectorConfigSchema = withCamundaNodes(
  {
    ...commonSettings,
    ...kafkaSettings,
    ...databaseSettings,
    HTTP_PORT: integer(3001, 1, 65535),
    /** Time between the starts of two collection cycles. */
    POLL_INTERVAL_MS: integer(5_000, 100, 3_600_000),
    /** A node's cycle taking longer than this counts as a failure; other nodes are not waited for. */
    NODE_POLL_TIMEOUT_MS: integer(15_000, 100, 3_600_000),
    /** Consecutive failed cycles that open a node's circuit (and publish node-down). */
    CIRCUIT_FAILURE_THRESHOLD: integer(3, 1, 1_000),
    /** How long an open circuit waits before one half-open probe. */
    CIRCUIT_OPEN_MS: integer(30_000, 100, 3_600_000),
    /** Rows per page of SQL and REST lists. */
    POLL_PAGE_SIZE: integer(500, 1, 10_000),
    /** Pages of new rows per stream per cycle; the rest is read in the next cycles. */
    MAX_PAGES_PER_CYCLE: integer(20, 1, 10_000),
    /** Window re-read behind each high-water mark, for rows committed late with an earlier timestamp. */
    LATE_COMMIT_OVERLAP_MS: integer(60_000, 0, 86_400_000),
    /** How far back a stream starts the very first time (no high-water mark yet). */
    INITIAL_BACKFILL_DAYS: integer(7, 0, 36_500),
    /** Time zone the engine writes its (zone-less) timestamps in: the engine JVM's zone. */
    CAMUNDA_DB_TIME_ZONE: z
      .string()
      .default('UTC')
      .refine(isTimeZone, 'must be an IANA time zone name, e.g. UTC or Europe/Berlin'),
    /** Connections per engine database. */
    ENGINE_DB_POOL_SIZE: integer(2, 1, 50),
    /** Backlog, engine metrics, stuck instances and JVM metrics are refreshed at this interval. */
    SNAPSHOT_INTERVAL_MS: integer(60_000, 1_000, 86_400_000),
    /** History size is refreshed at this interval (it counts old rows). */
    HISTORY_SIZE_INTERVAL_MS: integer(3_600_000, 10_000, 604_800_000),
    STUCK_INSTANCE_DAYS: integer(7, 1, 3_650),
    DB_ARCHIVE_THRESHOLD_DAYS: integer(90, 1, 36_500),
    /** Most stuck instances reported per node and snapshot (oldest first). */
    STUCK_INSTANCE_LIMIT: integer(100, 1, 10_000),
  },
  { required: true },
).transform((config, ctx) => {
  const jvmMetricsUrls = new Map<number, string>();
  for (const [key, value] of Object.entries(config)) {
    const match = JVM_METRICS_KEY.exec(key);
    if (!match) continue;
    const parsed = httpUrl().safeParse(value);
    if (!parsed.success)
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: "must be the http(s) URL of the node's Micrometer Prometheus endpoint",
      });
    else jvmMetricsUrls.set(Number(match[1]), parsed.data);
  }
  for (const index of jvmMetricsUrls.keys()) {
    if (!config.nodes.some((node) => node.index === index)) {
      ctx.addIssue({
        code: 'custom',
        path: [`${JVM_METRICS_FAMILY}${index}_URL`],
        message: `no CAMUNDA_NODE_${index}_URL is configured for it`,
      });
    }
  }
  return { ...config, jvmMetricsUrls };
});

export const COLLECTOR_SETTING_FAMILIES = [CAMUNDA_NODE_FAMILY, JVM_METRICS_FAMILY];

export type CollectorConfig = z.output<typeof CollectorConfigSchema>;
