import type { Snippet } from '@flowpilot/shared';
import type { RuleContext } from './rule';
import { extensionPrefix, isExternalTask } from './rule-kit.util';

/**
 * How to make the engine (or the external task worker) ride out a transient
 * failure: a retry cycle with backoff on the activity, or `handleFailure` with
 * a growing retry timeout in the worker.
 */
export function retryWithBackoffSnippet(context: RuleContext, cycle: string, why: string): Snippet {
  const activityId = context.facts.activityId ?? 'theActivity';
  if (isExternalTask(context)) {
    return {
      language: 'typescript',
      description: `External task worker for topic "${context.element?.camunda.topic ?? 'the topic'}": report the failure with retries and a backoff instead of 0 retries, ${why}.`,
      code: [
        "import { Client, Variables } from 'camunda-external-task-client-js';",
        '',
        `client.subscribe('${context.element?.camunda.topic ?? 'topic'}', async ({ task, taskService }) => {`,
        '  try {',
        '    await doWork(task.variables.getAll());',
        '    await taskService.complete(task, new Variables());',
        '  } catch (error) {',
        '    const retries = task.retries === null ? 5 : task.retries - 1;',
        '    const retryTimeout = 10_000 * 2 ** (5 - Math.max(retries, 0)); // 10 s, 20 s, 40 s, …',
        '    await taskService.handleFailure(task, { errorMessage: String(error), errorDetails: (error as Error).stack, retries: Math.max(retries, 0), retryTimeout });',
        '  }',
        '});',
      ].join('\n'),
    };
  }
  const ns = extensionPrefix(context);
  return {
    language: 'bpmn-xml',
    description: `Retry "${activityId}" with backoff (${cycle}) before raising an incident, ${why}.`,
    code: [
      `<bpmn:serviceTask id="${activityId}" ${ns}:asyncBefore="true">`,
      '  <bpmn:extensionElements>',
      `    <${ns}:failedJobRetryTimeCycle>${cycle}</${ns}:failedJobRetryTimeCycle>`,
      '  </bpmn:extensionElements>',
      '</bpmn:serviceTask>',
    ].join('\n'),
  };
}
