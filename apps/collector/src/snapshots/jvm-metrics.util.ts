import type { JvmMetrics } from '@flowpilot/shared';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (what Micrometer's /actuator/prometheus serves) into samples. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1]] = pair[2];
    const value = Number(match[4]);
    if (Number.isFinite(value)) samples.push({ name: match[1], labels, value });
  }
  return samples;
}

/** The JVM figures an operator looks at first, from Micrometer's standard JVM and process meters. */
export function toJvmMetrics(samples: Sample[], observedAt: Date): JvmMetrics {
  const sum = (name: string, labels: Record<string, string> = {}, nonNegativeOnly = false): number | null => {
    const matching = samples.filter(
      (s) =>
        s.name === name &&
        Object.entries(labels).every(([k, v]) => s.labels[k] === v) &&
        (!nonNegativeOnly || s.value >= 0),
    );
    return matching.length === 0 ? null : matching.reduce((total, s) => total + s.value, 0);
  };
  const threads = sum('jvm_threads_live_threads');
  return {
    observedAt: observedAt.toISOString(),
    heapUsedBytes: sum('jvm_memory_used_bytes', { area: 'heap' }),
    // Pools without a limit report -1; they are left out of the sum.
    heapMaxBytes: sum('jvm_memory_max_bytes', { area: 'heap' }, true),
    nonHeapUsedBytes: sum('jvm_memory_used_bytes', { area: 'nonheap' }),
    liveThreads: threads === null ? null : Math.round(threads),
    gcPauseSecondsTotal: sum('jvm_gc_pause_seconds_sum'),
    processCpuUsage: sum('process_cpu_usage'),
    uptimeSeconds: sum('process_uptime_seconds'),
  };
}
