import { parsePrometheusText, toJvmMetrics } from './jvm-metrics.util';

const SCRAPE = `# HELP jvm_memory_used_bytes The amount of used memory
# TYPE jvm_memory_used_bytes gauge
jvm_memory_used_bytes{area="heap",id="G1 Eden Space",} 1.048576E7
jvm_memory_used_bytes{area="heap",id="G1 Old Gen",} 2.097152E7
jvm_memory_used_bytes{area="nonheap",id="Metaspace",} 5.0E7
jvm_memory_max_bytes{area="heap",id="G1 Eden Space",} -1.0
jvm_memory_max_bytes{area="heap",id="G1 Old Gen",} 5.36870912E8
jvm_threads_live_threads 42.0
jvm_gc_pause_seconds_sum{action="end of minor GC",cause="G1 Evacuation Pause",} 0.25
jvm_gc_pause_seconds_sum{action="end of major GC",cause="System.gc()",} 0.5
process_cpu_usage 0.125
process_uptime_seconds 3600.5
`;

describe('JVM metrics from a Micrometer scrape', () => {
  it('sums the heap pools, leaves out unbounded maxima and reads threads, GC, CPU and uptime', () => {
    const sut = toJvmMetrics(parsePrometheusText(SCRAPE), new Date('2026-11-22T04:00:00Z'));

    expect(sut).toEqual({
      observedAt: '2026-11-22T04:00:00.000Z',
      heapUsedBytes: 31_457_280,
      heapMaxBytes: 536_870_912,
      nonHeapUsedBytes: 50_000_000,
      liveThreads: 42,
      gcPauseSecondsTotal: 0.75,
      processCpuUsage: 0.125,
      uptimeSeconds: 3600.5,
    });
  });

  it('reports null for figures the endpoint does not expose', () => {
    const sut = toJvmMetrics(
      parsePrometheusText('process_cpu_usage 0.5\n'),
      new Date('2026-11-22T04:00:00Z'),
    );

    expect(sut).toMatchObject({ heapUsedBytes: null, liveThreads: null, processCpuUsage: 0.5 });
  });
});
