import { CAMUNDA_NODE_FAMILY, ConfigurationError, loadConfig } from '@flowpilot/shared';
import { IncidentAiConfigSchema, incidentAiLlmPrices } from './incident-ai.config';

const load = (env: Record<string, string>) =>
  loadConfig('incident-ai', IncidentAiConfigSchema, env, { families: [CAMUNDA_NODE_FAMILY] });

describe('IncidentAiConfigSchema', () => {
  it('runs offline with no key and no nodes, with documented defaults', () => {
    const sut = load({});

    expect(sut).toMatchObject({
      HTTP_PORT: 3003,
      OPENAI_MODEL: 'gpt-4o-mini',
      LLM_RULE_CONFIDENCE_THRESHOLD: 0.7,
      LLM_MAX_RETRIES: 2,
      nodes: [],
    });
    expect(sut.OPENAI_API_KEY).toBeUndefined();
  });

  it('reads the Camunda nodes and the LLM settings', () => {
    const sut = load({
      CAMUNDA_NODE_1_NAME: 'node1',
      CAMUNDA_NODE_1_URL: 'http://127.0.0.1:8080/engine-rest/',
      OPENAI_API_KEY: 'sk-abc-123',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      LLM_TIMEOUT_MS: '5000',
    });

    expect(sut.nodes).toEqual([
      expect.objectContaining({ name: 'node1', url: 'http://127.0.0.1:8080/engine-rest' }),
    ]);
    expect(sut).toMatchObject({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', LLM_TIMEOUT_MS: 5000 });
  });

  it('stops on a bad setting, naming it and hiding secret values', () => {
    let error: unknown;
    try {
      load({ OPENAI_BASE_URL: 'ftp://llm', LLM_RULE_CONFIDENCE_THRESHOLD: '1.5', OPENAI_API_KEY: '' });
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems.join('\n')).toMatch(
      /OPENAI_BASE_URL[\s\S]*LLM_RULE_CONFIDENCE_THRESHOLD|LLM_RULE_CONFIDENCE_THRESHOLD[\s\S]*OPENAI_BASE_URL/,
    );
  });

  it('prices LLM tokens per million, accepting the deprecated per-1K names only where the new ones are unset', () => {
    expect(incidentAiLlmPrices(load({}))).toEqual({ inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 });
    expect(
      incidentAiLlmPrices(load({ LLM_PRICE_INPUT_PER_MTOK: '2.5', LLM_PRICE_OUTPUT_PER_MTOK: '10' })),
    ).toEqual({ inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 });
    expect(
      incidentAiLlmPrices(
        load({ LLM_PROMPT_COST_PER_1K_TOKENS: '0.003', LLM_COMPLETION_COST_PER_1K_TOKENS: '0.012' }),
      ),
    ).toEqual({ inputUsdPerMTok: 3, outputUsdPerMTok: 12 });
    expect(
      incidentAiLlmPrices(load({ LLM_PRICE_INPUT_PER_MTOK: '1', LLM_PROMPT_COST_PER_1K_TOKENS: '0.5' })),
    ).toEqual({ inputUsdPerMTok: 1, outputUsdPerMTok: 0.6 });
  });
});
