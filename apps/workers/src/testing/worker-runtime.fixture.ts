import { CamundaFleet } from '@flowpilot/shared';
import { ExternalTaskApi } from '../runtime/external-task.api';
import { WorkerEvents } from '../runtime/worker.events';
import { WorkerRuntime } from '../runtime/worker-runtime';
import { WorkersConfig } from '../workers.config';
import { workersSettings } from '../workers.settings';

/** The runtime as the app wires it from `config`, without its handlers, for tests that drive a real engine. */
export function workerRuntimeOf(
  config: WorkersConfig,
  events: WorkerEvents = new WorkerEvents(),
): WorkerRuntime {
  const settings = workersSettings(config);
  return new WorkerRuntime(
    new ExternalTaskApi(new CamundaFleet(settings.fleet), settings.camunda),
    settings.runtime,
    events,
  );
}
