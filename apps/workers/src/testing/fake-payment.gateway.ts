import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A local refund payment API for the payment paths: fails the next N calls, then pays. */
export class FakePaymentGateway {
  readonly calls: { idempotencyKey: string | undefined; body: unknown }[] = [];
  private failuresLeft = 0;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        this.calls.push({
          idempotencyKey: req.headers['idempotency-key'] as string | undefined,
          body: JSON.parse(raw || '{}'),
        });
        if (this.failuresLeft > 0) {
          this.failuresLeft -= 1;
          res
            .writeHead(502, { 'content-type': 'application/json' })
            .end('{"error":"upstream bank unavailable"}');
          return;
        }
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ reference: `RF-${this.calls.length}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  failNext(count: number): void {
    this.failuresLeft = count;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
