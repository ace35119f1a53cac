import { ContextLogger } from '@flowpilot/shared';
import { FareDecisionEvents } from '../fare-rules/fare-decision.events';
import { WorkerEvents } from '../runtime/worker.events';

/** Log lines for the runtime's lifecycle. */
export function subscribeWorkerLogs(logger: ContextLogger, worker: WorkerEvents): void {
  worker.on('runtime:started', ({ topics }) => logger.info('worker runtime started', { topics }));
  worker.on('runtime:stopped', (result) => logger.info('worker runtime stopped', result));
  worker.on('poll:error', ({ topic, error, retryInMs }) =>
    logger.warn('fetchAndLock failed', { topic, error: error.message, retryInMs }),
  );
  worker.on('task:completed', ({ task, durationMs }) =>
    logger.debug('task completed', {
      topic: task.topic,
      taskId: task.id,
      processInstanceId: task.processInstanceId,
      durationMs,
    }),
  );
  worker.on('task:bpmn-error', ({ task, code, message }) =>
    logger.info('task ended with a BPMN error', {
      topic: task.topic,
      taskId: task.id,
      processInstanceId: task.processInstanceId,
      code,
      message,
    }),
  );
  worker.on('task:failed', ({ task, error, retriesLeft, retryTimeoutMs }) =>
    logger.warn('task failed', {
      topic: task.topic,
      taskId: task.id,
      processInstanceId: task.processInstanceId,
      error: error.message,
      retriesLeft,
      retryTimeoutMs,
    }),
  );
  worker.on('task:report-error', ({ task, action, error }) =>
    logger.error('Camunda did not accept the task outcome', {
      topic: task.topic,
      taskId: task.id,
      action,
      error: error.message,
    }),
  );
  worker.on('task:unlocked', ({ task, reason }) =>
    logger.warn('task unlocked', { topic: task.topic, taskId: task.id, reason }),
  );
  worker.on('lock:extend-error', ({ task, error }) =>
    logger.warn('lock extension failed', { topic: task.topic, taskId: task.id, error: error.message }),
  );
}

/** The fare-rules audit trail: one line per decision, with facts and usage but never the prompt text or a key. */
export function subscribeFareAudit(logger: ContextLogger, llm: FareDecisionEvents): void {
  llm.on('fare:decision', (decision) =>
    logger.info('fare_rule_decision', { event: 'fare_rule_decision', ...decision }),
  );
}
