import {
  BpmnCommand,
  CallerBpmnProblem,
  ReplyFailure,
  toStorableText,
  unstorableTextIssues,
} from '@flowpilot/shared';

/**
 * Input that can never be valid is the asker's `invalid-request`, whoever sent
 * it (the gateway checks its own boundary, other producers may not).
 */

/** Problem code in the details of a refusal of definitions without a `<process>`. */
export const NO_PROCESS_PROBLEM: CallerBpmnProblem = 'no-process';

/**
 * Text PostgreSQL cannot store (NUL, an unpaired surrogate) would fail at the
 * first write and come back as `internal`; it is refused before any work.
 */
export function refuseUnstorableText(command: BpmnCommand): void {
  const issues = unstorableTextIssues(command);
  if (issues.length === 0) return;
  // The paths are the caller's field names: made storable too, so the reply itself can be kept.
  const named = toStorableText(issues);
  throw new ReplyFailure(
    'invalid-request',
    `The ${command.type} request holds text that cannot be stored: ${named
      .map((issue) => `${issue.path || 'the command'} ${issue.message}`)
      .join('; ')}`,
    { issues: named },
  );
}

/** Definitions without a `<process>`: nothing to enhance or deploy, so no engine is asked. */
export function noProcessFailure(what: string): ReplyFailure {
  return new ReplyFailure(
    'invalid-request',
    `The BPMN definitions contain no process: there is nothing to ${what}`,
    { problem: NO_PROCESS_PROBLEM, processCount: 0 },
  );
}
