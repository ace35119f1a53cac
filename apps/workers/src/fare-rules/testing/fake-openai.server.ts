import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export type FakeReply =
  { content: string } | { status: number; error: string } | { delayMs: number; content: string };

export interface CapturedCompletion {
  authorization: string | undefined;
  body: { model: string; messages: { role: string; content: string }[]; max_tokens?: number };
}

/**
 * A local OpenAI-compatible `/v1/chat/completions` server: these machines
 * reach no LLM, so the LLM path is tested against this, answering from a
 * script (a word, an HTTP error, or a slow answer).
 */
export class FakeOpenAiServer {
  readonly requests: CapturedCompletion[] = [];
  private readonly replies: FakeReply[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  reply(...replies: FakeReply[]): void {
    this.replies.push(...replies);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    this.requests.push({
      authorization: req.headers.authorization,
      body: JSON.parse(raw) as CapturedCompletion['body'],
    });
    const reply = this.replies.shift() ?? { content: 'MANUAL' };
    if ('status' in reply) {
      res
        .writeHead(reply.status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: reply.error, type: 'requests' } }));
      return;
    }
    if ('delayMs' in reply) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'chatcmpl-test',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: 'test-model',
        choices: [
          { index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 148, completion_tokens: 2, total_tokens: 150 },
      }),
    );
  }
}
