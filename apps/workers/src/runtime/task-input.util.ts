import { z } from 'zod';
import { bpmnError, incident, LockedTask, TaskOutcome } from './task-handler';

export type InputResult<T> = { ok: true; input: T } | { ok: false; outcome: TaskOutcome };
export type InstanceInputResult<T> =
  { ok: true; input: T; processInstanceId: string } | { ok: false; outcome: TaskOutcome };

/**
 * Validates a task's variables at the boundary into a typed command. An
 * invalid request is a business outcome the process models: a BPMN error
 * with `errorCode`, carrying the problems as `validationError`.
 */
export function parseTaskInput<S extends z.ZodType>(
  schema: S,
  task: LockedTask,
  errorCode: string,
): InputResult<z.output<S>> {
  const result = schema.safeParse(task.variables.toObject());
  if (result.success) return { ok: true, input: result.data };
  const message = describeProblems(result.error);
  return { ok: false, outcome: bpmnError(errorCode, message, { validationError: message }) };
}

/**
 * For steps whose process models no error for bad input (an uncaught BPMN
 * error would end the instance silently): an incident, visible in Cockpit,
 * fixed by correcting the variables and retrying.
 */
export function parseTaskInputOrIncident<S extends z.ZodType>(
  schema: S,
  task: LockedTask,
): InputResult<z.output<S>> {
  const result = schema.safeParse(task.variables.toObject());
  if (result.success) return { ok: true, input: result.data };
  return { ok: false, outcome: incident(describeProblems(result.error)) };
}

/**
 * For steps whose writes are keyed by their process instance: an incident when the task has none (it was
 * not started by a process), else the input as `parseTaskInput` reads it with `errorCode`, or as
 * `parseTaskInputOrIncident` does without one.
 */
export function parseInstanceTaskInput<S extends z.ZodType>(
  schema: S,
  task: LockedTask,
  errorCode?: string,
): InstanceInputResult<z.output<S>> {
  const processInstanceId = task.processInstanceId;
  if (!processInstanceId)
    return { ok: false, outcome: incident(`${task.topic} runs only inside a process instance`) };
  const parsed =
    errorCode === undefined
      ? parseTaskInputOrIncident(schema, task)
      : parseTaskInput(schema, task, errorCode);
  return parsed.ok ? { ...parsed, processInstanceId } : parsed;
}

function describeProblems(error: z.ZodError): string {
  const problems = error.issues
    .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
    .join('; ');
  return `invalid request: ${problems}`.slice(0, 500);
}

// Shared field rules for the wallet and security handlers.

/** One of `values`, whatever its case and surrounding spaces. */
export const upperCaseEnumField = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.string().trim().toUpperCase().pipe(z.enum(values));
export const countryCodeField = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code');
export const userIdField = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, dash and underscore, at most 64');
export const dateField = z
  .union([z.date(), z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((v) => new Date(v));
