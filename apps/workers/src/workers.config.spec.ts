import { ConfigurationError, loadConfig } from '@flowpilot/shared';
import { WorkersConfigSchema } from './workers.config';

describe('WorkersConfigSchema', () => {
  it('reads the Camunda client settings with their defaults', () => {
    const sut = loadConfig('workers', WorkersConfigSchema, {
      CAMUNDA_REST_URL: 'http://camunda:8080/engine-rest/',
      CAMUNDA_CLIENT_MAX_TASKS: '1',
    });

    expect(sut).toMatchObject({
      CAMUNDA_REST_URL: 'http://camunda:8080/engine-rest',
      CAMUNDA_CLIENT_ID: 'flowpilot-workers',
      CAMUNDA_CLIENT_MAX_TASKS: 1,
      CAMUNDA_CLIENT_LOCK_DURATION: 30_000,
      CAMUNDA_CLIENT_ASYNC_RESPONSE_TIMEOUT: 10_000,
      OPENAI_MODEL: 'gpt-4o-mini',
      WORKER_TOPICS: [],
    });
  });

  it('names each bad setting and never echoes a secret', () => {
    let error: ConfigurationError | undefined;
    try {
      loadConfig('workers', WorkersConfigSchema, {
        CAMUNDA_CLIENT_LOCK_DURATION: '5',
        OPENAI_BASE_URL: 'ftp://x',
        WORKER_SHUTDOWN_GRACE_MS: '20000',
        OPENAI_API_KEY: 'sk-secret-value',
      });
    } catch (e) {
      error = e as ConfigurationError;
    }

    expect(error?.problems.join('\n')).toMatch(/CAMUNDA_CLIENT_LOCK_DURATION/);
    expect(error?.problems.join('\n')).toMatch(/OPENAI_BASE_URL/);
    expect(error?.problems.join('\n')).toMatch(/WORKER_SHUTDOWN_GRACE_MS/);
    expect(error?.message).not.toContain('sk-secret-value');
  });

  it('keeps room in SHUTDOWN_TIMEOUT_MS for the grace, the last worker events and closing', () => {
    expect(() => loadConfig('workers', WorkersConfigSchema, {})).not.toThrow();
    // Shorter than SHUTDOWN_TIMEOUT_MS, but with no time left to send the events of the tasks that finished.
    expect(() =>
      loadConfig('workers', WorkersConfigSchema, {
        WORKER_SHUTDOWN_GRACE_MS: '8600',
        SHUTDOWN_TIMEOUT_MS: '10000',
      }),
    ).toThrow(/WORKER_SHUTDOWN_GRACE_MS.*drain budget.*close margin.*SHUTDOWN_TIMEOUT_MS/);
  });
});
