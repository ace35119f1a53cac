import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { verifySignature } from '../src/webhooks/webhook-signature.util';
import { freePort } from './gateway-process';

export interface Received {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: { id: string; type: string; version: number; occurredAt: string; data: Record<string, unknown> };
  signatureValid: boolean;
  receivedAt: number;
}

/**
 * A webhook subscriber on loopback that can be down (port closed), slow, or
 * failing, and that verifies each signature with the subscription's secret.
 */
export class RecordingReceiver {
  readonly received: Received[] = [];
  secret = '';
  delayMs = 0;
  failWith: number | null = null;
  private server: Server | null = null;

  /** The port is fixed up front so the URL is known (and refused) while the receiver is down. */
  private constructor(readonly port: number) {}

  static async create(): Promise<RecordingReceiver> {
    return new RecordingReceiver(await freePort());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        setTimeout(() => {
          if (this.failWith) return void res.writeHead(this.failWith).end();
          const rawBody = Buffer.concat(chunks).toString('utf8');
          const signature = String(req.headers['x-flowpilot-signature'] ?? '');
          this.received.push({
            headers: req.headers,
            rawBody,
            body: JSON.parse(rawBody),
            signatureValid: verifySignature(this.secret, rawBody, signature, { toleranceSeconds: 300 }).ok,
            receivedAt: Date.now(),
          });
          res.writeHead(204).end();
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  distinctIds(type?: string): Set<string> {
    return new Set(this.received.filter((r) => !type || r.body.type === type).map((r) => r.body.id));
  }
}
