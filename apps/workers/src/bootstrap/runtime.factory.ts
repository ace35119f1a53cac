import { CamundaRestClient } from '@flowpilot/shared';
import { ExternalTaskApi } from '../runtime/external-task.api';
import { WorkerEvents } from '../runtime/worker-lifecycle.events';
import { WorkerRuntime } from '../runtime/worker-runtime';
import { WorkersConfig } from '../workers.config';

export function createCamundaClient(config: WorkersConfig): CamundaRestClient {
  return new CamundaRestClient(
    {
      index: 1,
      name: config.CAMUNDA_NODE_NAME,
      url: config.CAMUNDA_REST_URL,
      username: config.CAMUNDA_API_USER,
      password: config.CAMUNDA_API_PASSWORD,
    },
    config.CAMUNDA_REQUEST_TIMEOUT_MS,
  );
}

export function createWorkerRuntime(
  config: WorkersConfig,
  client: CamundaRestClient,
  events: WorkerEvents,
): WorkerRuntime {
  const api = new ExternalTaskApi(client, config.CAMUNDA_CLIENT_ID, config.CAMUNDA_REQUEST_TIMEOUT_MS);
  return new WorkerRuntime(
    api,
    {
      maxTasks: config.CAMUNDA_CLIENT_MAX_TASKS,
      concurrencyPerTopic: config.WORKER_TOPIC_CONCURRENCY,
      lockDurationMs: config.CAMUNDA_CLIENT_LOCK_DURATION,
      asyncResponseTimeoutMs: config.CAMUNDA_CLIENT_ASYNC_RESPONSE_TIMEOUT,
      usePriority: config.CAMUNDA_CLIENT_USE_PRIORITY,
      pollIntervalMs: config.WORKER_POLL_INTERVAL_MS,
      lockExtendPercent: config.WORKER_LOCK_EXTEND_PERCENT,
      retries: config.WORKER_TASK_RETRIES,
      retryBackoff: { baseMs: config.WORKER_RETRY_BASE_MS, maxMs: config.WORKER_RETRY_MAX_MS },
      fetchBackoff: {
        baseMs: config.WORKER_FETCH_BACKOFF_BASE_MS,
        maxMs: config.WORKER_FETCH_BACKOFF_MAX_MS,
      },
    },
    events,
  );
}
