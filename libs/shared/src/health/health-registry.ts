import { redact } from '../config/secret-redactor';

export interface HealthCheckResult {
  ok: boolean;
  detail?: unknown;
}

export type HealthCheck = () => Promise<HealthCheckResult>;

/**
 * Readiness checks registered by whoever owns the dependency (Kafka producer,
 * database, Camunda nodes). `/health/ready` runs them all with a timeout.
 */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private started = false;

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  markStarted(): void {
    this.started = true;
  }

  isStarted(): boolean {
    return this.started;
  }

  async readiness(timeoutMs = 2_000): Promise<{ ok: boolean; checks: Record<string, HealthCheckResult> }> {
    const entries = await Promise.all(
      [...this.checks.entries()].map(
        async ([name, check]) => [name, await withTimeout(check, timeoutMs)] as const,
      ),
    );
    // Probes are unauthenticated: details pass the redactor like log lines do.
    const checks = Object.fromEntries(
      entries.map(([name, result]) => [name, { ...result, detail: redactDetail(result.detail) }]),
    );
    return { ok: this.started && entries.every(([, r]) => r.ok), checks };
  }
}

function redactDetail(detail: unknown): unknown {
  if (detail === undefined) return undefined;
  return JSON.parse(redact(JSON.stringify(detail))) as unknown;
}

async function withTimeout(check: HealthCheck, timeoutMs: number): Promise<HealthCheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthCheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([
      check().catch((error: Error) => ({ ok: false, detail: error.message })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
