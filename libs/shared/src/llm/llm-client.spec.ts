import { z } from 'zod';
import { clearRegisteredSecrets, registerSecret } from '../config/secret-redactor';
import { FAKE_OPENAI_BASE_URL, FakeOpenAi } from '../testing/fake-openai';
import { LlmClient } from './llm-client';
import { MAX_REASON_CHARS } from './llm-failure';
import { LlmClientEventMap, LlmClientEvents } from './llm-client.events';
import { LlmClientSettings } from './llm.settings';

/** Against a scripted OpenAI-compatible endpoint installed as the global fetch: no socket, no real LLM. */
const server = new FakeOpenAi();
const baseUrl = FAKE_OPENAI_BASE_URL;
let fetchSpy: jest.SpiedFunction<typeof fetch>;
const API_KEY = 'sk-shared-client-secret-7f3a';

function clientWith(settings: Partial<LlmClientSettings> = {}) {
  const events = new LlmClientEvents();
  const seen = { called: [], retrying: [], usage: [] } as {
    [K in keyof LlmClientEventMap]: LlmClientEventMap[K][0][];
  };
  events.on('called', (e) => seen.called.push(e));
  events.on('retrying', (e) => seen.retrying.push(e));
  events.on('usage', (e) => seen.usage.push(e));
  const sut = new LlmClient(
    {
      apiKey: API_KEY,
      baseUrl,
      model: 'test-model',
      timeoutMs: 2_000,
      maxRetries: 2,
      retryBaseMs: 5,
      maxOutputTokens: 300,
      inputUsdPerMTok: 1,
      outputUsdPerMTok: 2,
      ...settings,
    },
    events,
  );
  return { sut, seen };
}

const ask = {
  messages: [{ role: 'user' as const, content: 'hello' }],
  format: { type: 'json_object' as const },
};
const Answer = z.strictObject({ verdict: z.enum(['yes', 'no']) });

describe('LlmClient', () => {
  // Installed before each test's client is made: the SDK keeps the fetch it finds at construction.
  beforeEach(() => {
    fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(server.fetch);
  });
  afterEach(() => {
    fetchSpy.mockRestore();
    clearRegisteredSecrets();
  });

  it('asks in JSON mode at temperature 0 with the token cap, and reports tokens and cost', async () => {
    server.reply({
      kind: 'answer',
      content: '{"verdict":"yes"}',
      promptTokens: 1_000,
      completionTokens: 500,
    });
    const { sut, seen } = clientWith();

    const reply = await sut.completeJson(ask, Answer, { maxAnswerChars: 1_000 });

    expect(reply).toEqual({
      ok: true,
      value: { verdict: 'yes' },
      usage: { promptTokens: 1_000, completionTokens: 500, costUsd: (1_000 * 1 + 500 * 2) / 1e6 },
    });
    expect(server.requests[0].authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.requests[0].body).toMatchObject({
      model: 'test-model',
      temperature: 0,
      max_tokens: 300,
      response_format: { type: 'json_object' },
    });
    expect(seen.called).toEqual([expect.objectContaining({ outcome: 'answered', attempts: 1 })]);
  });

  it('sends a JSON schema as non-strict structured output, and nothing for free text', async () => {
    server.reply({ kind: 'answer', content: 'ALLOWED' });
    const { sut } = clientWith();

    await sut.complete({
      ...ask,
      format: { type: 'json_schema', name: 'graph', schema: { type: 'object' } },
    });
    await sut.complete({ ...ask, format: { type: 'text' }, maxOutputTokens: 10 });

    expect(server.requests[0].body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'graph', schema: { type: 'object' }, strict: false },
    });
    expect(server.requests[1].body.response_format).toBeUndefined();
    expect(server.requests[1].body.max_tokens).toBe(10);
  });

  it('retries transient failures (429 after its Retry-After, 5xx with backoff) and then answers', async () => {
    server.reply(
      { kind: 'status', status: 429, headers: { 'retry-after-ms': '20' } },
      { kind: 'status', status: 503 },
      { kind: 'answer', content: '{"verdict":"no"}' },
    );
    const { sut, seen } = clientWith();

    expect(await sut.complete(ask)).toMatchObject({ ok: true, content: '{"verdict":"no"}' });
    expect(seen.retrying.map((e) => [e.attempt, e.reason])).toEqual([
      [1, 'the LLM answered 429 (rate limited)'],
      [2, 'the LLM answered HTTP 503'],
    ]);
    expect(seen.retrying[0].delayMs).toBe(20);
    expect(seen.retrying[1].delayMs).toBeLessThanOrEqual(10);
  });

  it('does not retry a verdict on the request (400, 401): it ends the call at once', async () => {
    server.reply({ kind: 'status', status: 400 });
    const { sut, seen } = clientWith();

    expect(await sut.complete(ask)).toEqual({
      ok: false,
      failure: { kind: 'error', transient: false, reason: 'the LLM answered HTTP 400' },
    });
    expect(server.requests).toHaveLength(1);
    expect(seen.retrying).toEqual([]);
  });

  it('stays inside its budget: a Retry-After longer than the budget left is not waited for', async () => {
    server.reply({ kind: 'status', status: 429, headers: { 'retry-after': '9' } });
    const { sut } = clientWith({ timeoutMs: 1_000, maxRetries: 2, retryBaseMs: 100 });

    const reply = await sut.complete(ask);

    expect(reply).toMatchObject({ ok: false, failure: { kind: 'rate-limited', transient: true } });
    expect(server.requests).toHaveLength(1);
  });

  it('measures the budget on the wall clock: a wait that overruns its delay leaves no room for another retry', async () => {
    server.reply({ kind: 'status', status: 503 });
    // Budget: 3 × (300 + 500 settle) + 10 + 20 = 2430 ms. The first wait stalls for 2.5 s (a blocked event
    // loop), so after the second attempt less than one attempt's timeout is left on the clock; counting only
    // the delay it asked for, a third attempt would still be started.
    const events = new LlmClientEvents();
    const stalledWait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms + 2_500));
    const sut = new LlmClient(
      {
        apiKey: API_KEY,
        baseUrl,
        model: 'test-model',
        timeoutMs: 300,
        maxRetries: 2,
        retryBaseMs: 10,
        maxOutputTokens: 10,
        inputUsdPerMTok: 0,
        outputUsdPerMTok: 0,
      },
      events,
      stalledWait,
    );

    const reply = await sut.complete(ask);

    expect(reply).toMatchObject({ ok: false, failure: { kind: 'error', transient: true } });
    expect(server.requests).toHaveLength(2);
  });

  it('times out each attempt on its own deadline and gives up after the retries', async () => {
    server.reply({ kind: 'hang' });
    const { sut, seen } = clientWith({ timeoutMs: 150, maxRetries: 1 });

    expect(await sut.complete(ask)).toEqual({
      ok: false,
      failure: { kind: 'timeout', transient: true, reason: 'the LLM did not answer in time' },
    });
    expect(server.requests).toHaveLength(2);
    expect(seen.called).toEqual([expect.objectContaining({ outcome: 'timeout', attempts: 2 })]);
  });

  it('treats an unreachable server as transient and never leaks the key or the SDK message', async () => {
    registerSecret(API_KEY);
    server.reply({ kind: 'status', status: 401, body: { error: { message: `bad key ${API_KEY}` } } });
    const unauthorised = await clientWith().sut.complete(ask);
    // Nothing listens there: the connection is refused before any HTTP answer, as fetch reports it.
    fetchSpy.mockImplementationOnce(() =>
      Promise.reject(
        new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
        }),
      ),
    );
    const unreachable = await new LlmClient({
      apiKey: API_KEY,
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'm',
      timeoutMs: 1_000,
      maxRetries: 0,
      retryBaseMs: 1,
      maxOutputTokens: 10,
      inputUsdPerMTok: 0,
      outputUsdPerMTok: 0,
    }).complete(ask);

    expect(unauthorised).toEqual({
      ok: false,
      failure: { kind: 'error', transient: false, reason: 'the LLM answered HTTP 401' },
    });
    expect(unreachable).toMatchObject({ ok: false, failure: { kind: 'error', transient: true } });
    expect(JSON.stringify([unauthorised, unreachable])).not.toContain(API_KEY.slice(3));
  });

  it.each([
    ['prose', 'The verdict is yes.', 'the LLM answer was not JSON'],
    [
      'another shape',
      '{"verdict":"yes","approved":true}',
      'the LLM answer failed the schema ((root): Unrecognized key',
    ],
    ['a value outside the enum', '{"verdict":"maybe"}', 'the LLM answer failed the schema (verdict:'],
    ['a huge answer', `{"verdict":"yes","pad":"${'x'.repeat(5_000)}"}`, 'longer than 1000 characters'],
  ])('rejects %s as an invalid answer', async (_case, content, reason) => {
    server.reply({ kind: 'answer', content });
    const { sut } = clientWith();

    const reply = await sut.completeJson(ask, Answer, { maxAnswerChars: 1_000 });

    expect(reply).toEqual({
      ok: false,
      failure: { kind: 'invalid-answer', transient: false, reason: expect.stringContaining(reason) },
    });
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the reason bounded, whole and free of control characters whatever keys the answer invents', async () => {
    const keys = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`\u0000${'\ud83d\udca5'.repeat(40)}${i}\n`, i]),
    );
    server.reply({ kind: 'answer', content: JSON.stringify({ verdict: 'yes', ...keys }) });
    const { sut } = clientWith();

    const reply = await sut.completeJson(ask, Answer, { maxAnswerChars: 100_000 });

    expect(reply.ok).toBe(false);
    const reason = reply.ok ? '' : reply.failure.reason;
    expect(reason.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
    expect(reason).not.toMatch(/\p{Cc}/u);
    expect(reason).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('tolerates a code fence, and lets the caller impose its own fields before the schema', async () => {
    server.reply({ kind: 'answer', content: '```json\n{"verdict":"no","id":"from-the-model"}\n```' });
    const { sut } = clientWith();

    const reply = await sut.completeJson(ask, Answer.extend({ id: z.string() }), {
      maxAnswerChars: 1_000,
      prepare: (json) => ({ ...(json as object), id: 'ours' }),
    });

    expect(reply).toMatchObject({ ok: true, value: { verdict: 'no', id: 'ours' } });
  });
});
