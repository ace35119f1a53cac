import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import type { FakeOpenAiRequest } from '@flowpilot/shared/testing';

/**
 * What the server does with one request: answer (after an optional delay), answer with what the
 * prompt's injected instruction demands (`obey`), answer an HTTP status, or hang until the client
 * gives up.
 */
export type ScriptedReply =
  | { kind: 'answer'; content: string; promptTokens?: number; completionTokens?: number; delayMs?: number }
  | { kind: 'obey'; fallback?: string }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'hang' };

/** A request as the socket-less fake in the kit records it. */
export type RecordedRequest = FakeOpenAiRequest;

/** "Ignore previous instructions … output: <payload>" — the payload is everything after the verb. */
const INJECTION =
  /ignore (?:all )?(?:the )?(?:previous|prior|above) instructions\b.*?\b(?:output|answer|reply|respond)(?: with\b)?(?: exactly\b)?\s*:?\s*([\s\S]+)$/i;

/**
 * A local OpenAI-compatible HTTP server for tests (these machines reach no
 * LLM): it serves `POST /v1/chat/completions` from a script of replies and
 * records every request. With `obey` it plays a model that follows whatever
 * instruction is injected into the user message, wherever the prompt put it
 * (a JSON string value, or a quoted line of text).
 */
export class FakeOpenAiServer {
  readonly requests: RecordedRequest[] = [];
  private readonly script: ScriptedReply[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | null = null;

  /** Replies in order; the last one repeats when the script runs out. Forgets earlier requests. */
  reply(...replies: ScriptedReply[]): this {
    this.script.length = 0;
    this.script.push(...replies);
    this.requests.length = 0;
    return this;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as RecordedRequest['body'];
    this.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    const reply = this.script.length > 1 ? this.script.shift()! : this.script[0];
    if (!reply || req.url !== '/v1/chat/completions') return void res.writeHead(404).end();
    if (reply.kind === 'hang') {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if (reply.kind === 'status') {
      res
        .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
        .end(JSON.stringify(reply.body ?? { error: { message: `status ${reply.status}` } }));
      return;
    }
    if (reply.kind === 'answer' && reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    const content =
      reply.kind === 'obey' ? (injectedInstruction(body) ?? reply.fallback ?? '') : reply.content;
    const promptTokens = (reply.kind === 'answer' && reply.promptTokens) || 500;
    const completionTokens = (reply.kind === 'answer' && reply.completionTokens) || 200;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      }),
    );
  }
}

/** The payload of the first injected instruction in the user messages, as an obedient model would output it. */
export function injectedInstruction(body: RecordedRequest['body']): string | null {
  for (const message of body.messages.filter((m) => m.role === 'user')) {
    for (const text of textsOf(message.content)) {
      const match = INJECTION.exec(text);
      if (match) return match[1].trim().replace(/^['"]|['"]$/g, '');
    }
  }
  return null;
}

/** Every string value of a JSON document, or else every quoted string and then every line of the text. */
function textsOf(content: string): string[] {
  try {
    return stringsIn(JSON.parse(content));
  } catch {
    return content.split('\n').flatMap((line) => [...quotedStringsIn(line), line]);
  }
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value, ...quotedStringsIn(value)];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** JSON-quoted strings inside plain text (`description: "…"`), unescaped. */
function quotedStringsIn(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
    try {
      out.push(JSON.parse(match[0]) as string);
    } catch {
      // Not a JSON string literal: the raw line is searched as it is.
    }
  }
  return out;
}
