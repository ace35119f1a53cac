import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** Path and query as the app sent them, e.g. `/engine-rest/deployment/create`. */
  url: string;
}

/**
 * An HTTP pass-through on loopback that records every request before
 * forwarding it to `target`: lets a test see what an app asked a real
 * dependency (a Camunda node) without changing the app.
 */
export class RecordingProxy {
  readonly requests: ProxiedRequest[] = [];
  private server: Server | null = null;

  constructor(private readonly target: string) {}

  /** Starts on a free port; returns the proxy's base URL with the target's path (e.g. `/engine-rest`). */
  async start(): Promise<string> {
    const target = new URL(this.target);
    this.server = createServer((incoming, outgoing) => {
      this.requests.push({ method: incoming.method ?? 'GET', url: incoming.url ?? '/' });
      const upstream = request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: target.host },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on('error', () => {
        if (!outgoing.headersSent) outgoing.writeHead(502);
        outgoing.end();
      });
      incoming.pipe(upstream);
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${target.pathname.replace(/\/$/, '')}`;
  }

  /** The requests so far that match, e.g. every deployment created. */
  matching(method: string, path: RegExp): ProxiedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.url));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
