import { TransientError } from '@flowpilot/shared';
import { RecordingPublisher } from '@flowpilot/shared/testing';
import { JvmMetricsSnapshot } from './jvm-metrics.snapshot';

describe('JvmMetricsSnapshot', () => {
  const url = 'http://node1.test:8080/actuator/prometheus';
  let status = 200;
  let publisher: RecordingPublisher;
  let fetchSpy: jest.SpyInstance<ReturnType<typeof fetch>, Parameters<typeof fetch>>;

  // The endpoint is faked at the fetch boundary: the unit spec opens no socket.
  beforeEach(() => {
    publisher = new RecordingPublisher();
    fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(
      async () =>
        new Response('jvm_threads_live_threads 17.0\nprocess_uptime_seconds 12.5\n', {
          status,
          headers: { 'content-type': 'text/plain' },
        }),
    );
  });

  afterEach(() => fetchSpy.mockRestore());

  it('scrapes the endpoint over HTTP and publishes the figures at its interval', async () => {
    let clock = 0;
    const sut = new JvmMetricsSnapshot({
      nodeId: 'node1',
      publisher,
      url,
      timeoutMs: 2_000,
      intervalMs: 60_000,
      now: () => clock,
    });

    await sut.runIfDue();
    clock += 30_000;
    const early = await sut.runIfDue();

    expect(early).toBe(false);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(fetchSpy).toHaveBeenCalledWith(url, expect.anything());
    expect(publisher.payloadsOf('camunda.jvm.metrics.v1')).toEqual([
      expect.objectContaining({ liveThreads: 17, uptimeSeconds: 12.5, heapUsedBytes: null }),
    ]);
  });

  it('fails as a transient error when the endpoint answers an error', async () => {
    status = 503;
    const sut = new JvmMetricsSnapshot({
      nodeId: 'node1',
      publisher,
      url,
      timeoutMs: 2_000,
      intervalMs: 60_000,
    });

    const run = sut.runIfDue();

    await expect(run).rejects.toThrow(TransientError);
    // The fake's answer, not an unreachable host (which is transient too).
    await expect(run).rejects.toThrow('answered 503');
  });
});
