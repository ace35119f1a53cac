import { CAMUNDA_NODE_FAMILY, ConfigurationError, loadConfig } from '@flowpilot/shared';
import { llmCallBudgetMs } from '@flowpilot/shared/llm';
import { BpmnGeneratorConfigSchema } from './bpmn-generator.config';

const load = (env: Record<string, string>) =>
  loadConfig('bpmn-generator', BpmnGeneratorConfigSchema, env, { families: [CAMUNDA_NODE_FAMILY] });

describe('bpmn-generator settings', () => {
  it('has working defaults and no node or LLM requirement', () => {
    const sut = load({});

    expect(sut).toMatchObject({
      HTTP_PORT: 3004,
      BPMN_HISTORY_TTL_DAYS: 180,
      BPMN_DEFAULT_RETRY_INTERVAL: 'PT1M',
      BPMN_ENHANCE_SLA: 'P2D',
      nodes: [],
    });
    expect(sut.OPENAI_API_KEY).toBeUndefined();
  });

  it('reads the Camunda node family', () => {
    const sut = load({
      CAMUNDA_NODE_1_NAME: 'node1',
      CAMUNDA_NODE_1_URL: 'http://127.0.0.1:8080/engine-rest/',
    });

    expect(sut.nodes).toMatchObject([{ name: 'node1', url: 'http://127.0.0.1:8080/engine-rest' }]);
  });

  it('names each bad setting', () => {
    const attempt = () =>
      load({ BPMN_ENHANCE_SLA: '3 days', BPMN_HISTORY_TTL_DAYS: '0', OPENAI_BASE_URL: 'ftp://x' });

    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/BPMN_ENHANCE_SLA: must be an ISO-8601 duration/);
    expect(attempt).toThrow(/BPMN_HISTORY_TTL_DAYS/);
    expect(attempt).toThrow(/OPENAI_BASE_URL/);
  });

  it('keeps the whole LLM budget inside what the gateway waits, by default and as configured', () => {
    const defaults = load({ OPENAI_API_KEY: 'sk-test' });
    const budget = llmCallBudgetMs({
      timeoutMs: defaults.LLM_TIMEOUT_MS,
      maxRetries: defaults.LLM_MAX_RETRIES,
      retryBaseMs: defaults.LLM_RETRY_BASE_MS,
    });

    expect(budget).toBeLessThanOrEqual(
      defaults.BPMN_REQUEST_TIMEOUT_MS - defaults.BPMN_PROCESSING_RESERVE_MS,
    );
    // The former defaults: two 30 s attempts while the gateway waits 30 s.
    expect(() => load({ OPENAI_API_KEY: 'sk-test', LLM_TIMEOUT_MS: '30000', LLM_MAX_RETRIES: '1' })).toThrow(
      /LLM_TIMEOUT_MS: the LLM budget.* must fit in BPMN_REQUEST_TIMEOUT_MS/,
    );
    // A gateway configured to wait longer makes room for it.
    expect(
      load({
        OPENAI_API_KEY: 'sk-test',
        LLM_TIMEOUT_MS: '30000',
        LLM_MAX_RETRIES: '1',
        BPMN_REQUEST_TIMEOUT_MS: '70000',
      }).LLM_TIMEOUT_MS,
    ).toBe(30_000);
  });

  it('does not check the LLM budget when no LLM is configured', () => {
    expect(load({ LLM_TIMEOUT_MS: '300000' }).LLM_TIMEOUT_MS).toBe(300_000);
  });
});
