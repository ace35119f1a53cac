import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { JvmMetrics, TransientError } from '@flowpilot/shared';
import { JvmMetricsSnapshot } from './jvm-metrics.snapshot';

describe('JvmMetricsSnapshot', () => {
  let server: Server;
  let status = 200;
  let url: string;
  const published: JvmMetrics[] = [];
  const publisher = {
    publish: async (_topic: string, payload: JvmMetrics) => {
      published.push(payload);
      return {} as never;
    },
  };

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end('jvm_threads_live_threads 17.0\nprocess_uptime_seconds 12.5\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/actuator/prometheus`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('scrapes the endpoint over HTTP and publishes the figures at its interval', async () => {
    let clock = 0;
    const sut = new JvmMetricsSnapshot({
      nodeId: 'node1',
      publisher: publisher as never,
      url,
      timeoutMs: 2_000,
      intervalMs: 60_000,
      now: () => clock,
    });

    await sut.runIfDue();
    clock += 30_000;
    const early = await sut.runIfDue();

    expect(early).toBe(false);
    expect(published).toEqual([
      expect.objectContaining({ liveThreads: 17, uptimeSeconds: 12.5, heapUsedBytes: null }),
    ]);
  });

  it('fails as a transient error when the endpoint answers an error', async () => {
    status = 503;
    const sut = new JvmMetricsSnapshot({
      nodeId: 'node1',
      publisher: publisher as never,
      url,
      timeoutMs: 2_000,
      intervalMs: 60_000,
    });

    await expect(sut.runIfDue()).rejects.toThrow(TransientError);
  });
});
