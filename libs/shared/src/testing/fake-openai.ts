/** What the fake does with one request: answer, answer an HTTP status, or hang until the client gives up. */
export type FakeOpenAiReply =
  | { kind: 'answer'; content: string; promptTokens?: number; completionTokens?: number }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'hang' };

export interface FakeOpenAiRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string };
    max_tokens?: number;
  };
}

/** The base URL unit specs give the LLM client: nothing listens there, `fetch` answers instead. */
export const FAKE_OPENAI_BASE_URL = 'http://fake-openai.invalid/v1';

/**
 * An OpenAI-compatible chat-completions endpoint for unit specs, without a socket: `fetch` answers
 * `POST /v1/chat/completions` from a script of replies and records every request. Install it as the
 * global fetch (`jest.spyOn(globalThis, 'fetch').mockImplementation(fake.fetch)`) before the client is
 * made; integration tests use a real local HTTP server instead (test/support/fake-openai.server.ts).
 */
export class FakeOpenAi {
  readonly requests: FakeOpenAiRequest[] = [];
  private readonly script: FakeOpenAiReply[] = [];

  /** Replies in order; the last one repeats when the script runs out. Forgets earlier requests. */
  reply(...replies: FakeOpenAiReply[]): this {
    this.script.length = 0;
    this.script.push(...replies);
    this.requests.length = 0;
    return this;
  }

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const body = JSON.parse(typeof init.body === 'string' ? init.body : '{}') as FakeOpenAiRequest['body'];
    const authorization = new Headers(init.headers).get('authorization') ?? undefined;
    this.requests.push({ path: url.pathname, authorization, body });
    const reply = this.script.length > 1 ? this.script.shift()! : this.script[0];
    if (!reply || url.pathname !== '/v1/chat/completions') return new Response(null, { status: 404 });
    if (reply.kind === 'hang') return hangUntilAborted(init.signal);
    if (reply.kind === 'status')
      return Response.json(reply.body ?? { error: { message: `status ${reply.status}` } }, {
        status: reply.status,
        headers: reply.headers,
      });
    const promptTokens = reply.promptTokens || 500;
    const completionTokens = reply.completionTokens || 200;
    return Response.json({
      id: `chatcmpl-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    });
  };
}

function hangUntilAborted(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => {
    const abort = () => reject(signal?.reason ?? new DOMException('aborted', 'AbortError'));
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
  });
}
