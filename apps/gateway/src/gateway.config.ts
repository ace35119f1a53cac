import { isIP } from 'node:net';
import { z } from 'zod';
import {
  commonSettings,
  csvList,
  databaseSettings,
  integer,
  kafkaSettings,
  withCamundaNodes,
} from '@flowpilot/shared';

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** A host name, an IP, or a CIDR with a prefix that fits its family. */
function isAllowListEntry(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0) return false;
  const family = isIP(address);
  if (prefix === undefined) return family !== 0 || HOST_NAME.test(address);
  return family !== 0 && /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Every setting the gateway reads, validated at start-up (see docs/gateway.md, "Settings"). */
export const GatewayConfigSchema = withCamundaNodes(
  {
    ...commonSettings,
    ...kafkaSettings,
    ...databaseSettings,
    HTTP_PORT: integer(3000, 1, 65535),
    /** When set, an admin API key with exactly this value exists after start-up (stored hashed). */
    GATEWAY_BOOTSTRAP_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').max(512).optional(),
    /** Largest JSON request body accepted, in bytes. */
    HTTP_BODY_LIMIT_BYTES: integer(1_048_576, 1_024, 50 * 1_048_576),
    /** Origins allowed by CORS (comma list, `*` for any); empty disables CORS. */
    CORS_ORIGINS: csvList(''),
    /** Requests per API key per minute before 429. */
    API_RATE_LIMIT_PER_MINUTE: integer(1_200, 1, 1_000_000),
    /** Requests a key may make at once (the bucket size) before the steady rate applies. */
    API_RATE_LIMIT_BURST: integer(200, 0, 1_000_000),
    /** Hosts, IPs or CIDRs webhooks may target even though they are private, loopback or link-local. */
    WEBHOOK_ALLOWED_HOSTS: csvList('').pipe(
      z.array(
        z.string().refine(isAllowListEntry, 'each entry must be a host name, an IP or a CIDR (10.0.0.0/8)'),
      ),
    ),
    /** A delivery is retried until it is this old, then dead-lettered. */
    WEBHOOK_MAX_AGE_MS: integer(24 * 3_600_000, 1_000, 30 * 24 * 3_600_000),
    /** First retry delay; each further retry doubles it (with jitter) up to WEBHOOK_RETRY_MAX_DELAY_MS. */
    WEBHOOK_RETRY_INITIAL_DELAY_MS: integer(1_000, 10, 3_600_000),
    WEBHOOK_RETRY_MAX_DELAY_MS: integer(600_000, 100, 24 * 3_600_000),
    /** How long one delivery attempt may take (connect + response). */
    WEBHOOK_TIMEOUT_MS: integer(10_000, 100, 120_000),
    /** How often the dispatcher looks for due deliveries when it is not woken by a new one. */
    WEBHOOK_POLL_INTERVAL_MS: integer(1_000, 10, 60_000),
    /** How long a BPMN request (generate, validate, deploy, …) waits for the bpmn-generator's reply. */
    BPMN_REQUEST_TIMEOUT_MS: integer(30_000, 1_000, 600_000),
    /** Deliveries sent in parallel by one gateway process. */
    WEBHOOK_CONCURRENCY: integer(8, 1, 100),
    /** Delivered and cancelled webhook deliveries (with their attempt logs) are deleted this many days after creation. */
    WEBHOOK_FINISHED_RETENTION_DAYS: integer(30, 1, 3_650),
    /**
     * How long `page.total` of the incident list is reused for the same filters (counting is linear in the
     * matching rows, a page is not); 0 counts on every request. A short last page is always exact.
     */
    INCIDENT_LIST_TOTAL_TTL_MS: integer(2_000, 0, 60_000),
    /** Hourly trend buckets (process and activity durations, counts, health) are kept this many days. */
    TREND_RETENTION_DAYS: integer(30, 1, 3_650),
    /** How often the gateway prunes finished deliveries and projected event ids. */
    GATEWAY_PRUNE_INTERVAL_MS: integer(3_600_000, 60_000, 7 * 24 * 3_600_000),
  },
  { required: false },
);

export type GatewayConfig = z.output<typeof GatewayConfigSchema>;
