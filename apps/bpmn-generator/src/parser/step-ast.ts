import { FormField, NodeOf, Retry } from '../graph/process-graph';
import { ParsedCondition } from './condition.util';
import { TaskSpec } from './task-naming.util';

type MultiInstance = NonNullable<NodeOf<'serviceTask'>['multiInstance']>;

/** What the offline parser reads a description as, before it becomes a graph. */
export type Step =
  | {
      kind: 'task';
      task: TaskSpec;
      retry?: Retry;
      multiInstance?: MultiInstance;
      /** "within 2 hours, otherwise …": a timer on the task and what happens when it fires. */
      deadline?: { duration: string; interrupting: boolean; steps: Step[] };
      /** "send a reminder every day": a repeating non-interrupting timer. */
      reminder?: { cycle: string; steps: Step[] };
      /** "if it fails, …": an error boundary event and its path. */
      onFailure?: Step[];
    }
  | {
      kind: 'decision';
      question: string;
      variable: string;
      branches: { condition: ParsedCondition; steps: Step[] }[];
      otherwise: Step[] | null;
      /** The default branch's label when it is a named case rather than "otherwise". */
      otherwiseLabel?: string;
    }
  | { kind: 'parallel'; branches: Step[][] }
  | { kind: 'timer'; name: string; duration: string }
  | { kind: 'message'; name: string; message: string; timeout?: { duration: string; steps: Step[] } }
  | {
      kind: 'escalate';
      name: string;
      code: string;
      group: string;
      /** The form of the task whose deadline escalated, so the escalation's handler can take its decision. */
      formFields?: FormField[];
    }
  | { kind: 'goto'; target: string | null; label: string }
  | { kind: 'end'; name: string; result: 'none' | 'error' };

export type StartTrigger =
  { type: 'none' } | { type: 'timer'; cycle: string } | { type: 'message'; message: string };

export interface ParsedDescription {
  name: string;
  start: StartTrigger;
  steps: Step[];
  /** Compensate completed steps when a later one fails. */
  saga: boolean;
  /** Clauses read as plain tasks because no rule matched them. */
  unrecognised: string[];
}
