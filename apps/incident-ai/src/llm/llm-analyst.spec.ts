import { contextOf } from '../rules/rule-context.fixture';
import type { RuleVerdict } from '../rules/rule';
import { LlmAnalyst } from './llm-analyst';
import { LlmClientEventMap, LlmClientEvents, LlmClientSettings } from '@flowpilot/shared/llm';
import { FAKE_OPENAI_BASE_URL, FakeOpenAi } from '@flowpilot/shared/testing';
import { IncidentLlmEventMap, IncidentLlmEvents } from './incident-llm.events';

/** The LLM path against an OpenAI-compatible endpoint faked at `fetch` (no real LLM is reachable here, and no socket is opened). */
const openAi = new FakeOpenAi();

const context = contextOf({
  message: 'Quota engine rejected reservation R-88: ledger state FROZEN',
  stackTrace:
    'com.acme.ledger.FrozenLedgerException: ledger state FROZEN\n\tat com.acme.ledger.Reserve.execute(Reserve.java:40)',
  activityId: 'reserveBudget',
});
const ruleVerdict: RuleVerdict = {
  family: 'unknown',
  confidence: 0.1,
  rootCause: 'No rule recognises this failure.',
  fixSteps: ['Read the stack trace.'],
  snippet: null,
  evidence: [{ source: 'message', excerpt: 'Quota engine rejected reservation', detail: null }],
  remediation: { action: 'none', retries: null, variables: null, rationale: 'unknown' },
};
const validAnswer = {
  family: 'code-defect',
  rootCause:
    'The ledger was frozen by month-end closing, and the reservation code does not handle that state.',
  fixSteps: [
    'Handle the FROZEN ledger state in Reserve.execute with a BPMN error and a wait.',
    'Retry after the ledger reopens.',
  ],
  snippet: {
    language: 'java',
    description: 'Wait for the ledger',
    code: 'throw new BpmnError("LEDGER_FROZEN");',
  },
  confidence: 0.97,
  remediation: {
    action: 'retry-after-fix',
    retries: 9,
    variables: null,
    rationale: 'Fix the handling first.',
  },
};

type AnyEventMap = IncidentLlmEventMap & LlmClientEventMap;

function analystWith(settings: Partial<LlmClientSettings> = {}, limit = 100) {
  const events = new IncidentLlmEvents();
  const clientEvents = new LlmClientEvents();
  const seen: { [K in keyof AnyEventMap]?: AnyEventMap[K][0][] } = {};
  events.on('requested', (e) => (seen.requested ??= []).push(e));
  clientEvents.on('retrying', (e) => (seen.retrying ??= []).push(e));
  clientEvents.on('usage', (e) => (seen.usage ??= []).push(e));
  events.on('skipped', (e) => (seen.skipped ??= []).push(e));
  const client: LlmClientSettings = {
    apiKey: 'sk-test-key-123',
    baseUrl: FAKE_OPENAI_BASE_URL,
    model: 'test-model',
    timeoutMs: 2_000,
    maxRetries: 2,
    retryBaseMs: 5,
    maxOutputTokens: 400,
    inputUsdPerMTok: 500,
    outputUsdPerMTok: 1_500,
    ...settings,
  };
  const sut = new LlmAnalyst({ client, callsPerMinute: limit, maxPromptChars: 3_000 }, events, clientEvents);
  return { sut, seen };
}

describe('LlmAnalyst with an OpenAI-compatible endpoint', () => {
  beforeEach(() => jest.spyOn(globalThis, 'fetch').mockImplementation(openAi.fetch));
  afterEach(() => jest.restoreAllMocks());

  it('parses a valid answer, clamps it, and accounts tokens and cost', async () => {
    openAi.reply({
      kind: 'answer',
      content: JSON.stringify(validAnswer),
      promptTokens: 1_000,
      completionTokens: 500,
    });
    const { sut, seen } = analystWith();

    const outcome = await sut.explain(context, ruleVerdict);

    expect(outcome).toMatchObject({
      status: 'answered',
      model: 'test-model',
      answer: { family: 'code-defect', confidence: 0.85, remediation: { retries: 5 } },
    });
    expect(seen.usage).toEqual([
      { model: 'test-model', promptTokens: 1_000, completionTokens: 500, costUsd: 1.25 },
    ]);
    expect(seen.requested).toEqual([expect.objectContaining({ outcome: 'answered' })]);
    const [request] = openAi.requests;
    expect(request.authorization).toBe('Bearer sk-test-key-123');
    expect(request.body.response_format).toEqual({ type: 'json_object' });
    expect(request.body.messages[0]).toMatchObject({
      role: 'system',
      content: expect.stringContaining('untrusted DATA'),
    });
    expect(JSON.parse(request.body.messages[1].content)).toMatchObject({
      engine: { flavour: 'Camunda 7', javaPackage: 'org.camunda.bpm', bpmnExtensionPrefix: 'camunda' },
      message: context.facts.message,
      activityId: 'reserveBudget',
    });
  });

  it('keeps the rule answer when the reply is not JSON or not the schema', async () => {
    const { sut, seen } = analystWith();

    openAi.reply({ kind: 'answer', content: 'The root cause is probably the ledger.' });
    expect(await sut.explain(context, ruleVerdict)).toEqual({
      status: 'not-used',
      note: expect.stringContaining('the LLM answer was not JSON'),
    });
    openAi.reply({ kind: 'answer', content: JSON.stringify({ ...validAnswer, resolved: true }) });
    expect(await sut.explain(context, ruleVerdict)).toEqual({
      status: 'not-used',
      note: expect.stringContaining('the LLM answer failed the schema'),
    });
    expect(seen.requested?.map((e) => e.outcome)).toEqual(['invalid-answer', 'invalid-answer']);
  });

  it('gives up after the timeout and its retries', async () => {
    openAi.reply({ kind: 'hang' });
    const { sut, seen } = analystWith({ timeoutMs: 150, maxRetries: 1 });

    const outcome = await sut.explain(context, ruleVerdict);

    expect(outcome).toEqual({ status: 'not-used', note: expect.stringContaining('did not answer in time') });
    expect(openAi.requests).toHaveLength(2);
    expect(seen.retrying).toHaveLength(1);
  });

  it('retries a 429 after Retry-After and a 5xx with backoff, then uses the answer', async () => {
    openAi.reply(
      { kind: 'status', status: 429, headers: { 'retry-after-ms': '20' } },
      { kind: 'status', status: 503 },
      { kind: 'answer', content: JSON.stringify(validAnswer) },
    );
    const { sut, seen } = analystWith();

    expect(await sut.explain(context, ruleVerdict)).toMatchObject({ status: 'answered' });
    expect(openAi.requests).toHaveLength(3);
    expect(seen.retrying?.map((e) => e.reason)).toEqual([
      'the LLM answered 429 (rate limited)',
      'the LLM answered HTTP 503',
    ]);
    expect(seen.retrying?.[0].delayMs).toBe(20);
  });

  it('stops after the retries when the LLM keeps answering 429', async () => {
    openAi.reply({ kind: 'status', status: 429 });
    const { sut, seen } = analystWith({ maxRetries: 2 });

    expect(await sut.explain(context, ruleVerdict)).toEqual({
      status: 'not-used',
      note: expect.stringContaining('429'),
    });
    expect(openAi.requests).toHaveLength(3);
    expect(seen.requested?.[0].outcome).toBe('rate-limited');
  });

  it('does not call the LLM beyond its rate limit', async () => {
    openAi.reply({ kind: 'answer', content: JSON.stringify(validAnswer) });
    const { sut, seen } = analystWith({}, 1);

    await sut.explain(context, ruleVerdict);
    const second = await sut.explain(context, ruleVerdict);

    expect(second).toEqual({ status: 'not-used', note: expect.stringContaining('rate limit') });
    expect(openAi.requests).toHaveLength(1);
    expect(seen.skipped).toEqual([{ reason: 'rate-limit' }]);
  });

  it('bounds the prompt however long the incident text is', async () => {
    openAi.reply({ kind: 'answer', content: JSON.stringify(validAnswer) });
    const { sut } = analystWith();
    const huge = contextOf({
      message: 'x'.repeat(20_000),
      stackTrace: 'at y\n'.repeat(5_000),
      activityId: 'a',
    });

    await sut.explain(huge, ruleVerdict);

    expect(openAi.requests[0].body.messages[1].content.length).toBeLessThan(3_000 + 1_000);
  });
});
