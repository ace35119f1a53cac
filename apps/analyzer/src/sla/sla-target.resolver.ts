import { SlaTargets } from '@flowpilot/shared';
import { hoursToIsoDuration, isoDurationToMs } from './iso-duration.util';

export interface SlaTarget {
  iso: string;
  ms: number;
  source: 'process' | 'user-task' | 'default';
}

export type SlaSubject =
  | { kind: 'process-instance'; processDefinitionKey: string | null }
  | { kind: 'user-task'; processDefinitionKey: string | null; taskDefinitionKey: string | null };

/**
 * The target that applies to an instance or task: a user task by
 * `<processKey>:<taskKey>`, then by `<taskKey>`; an instance by its process
 * key; otherwise the default of `defaultHours`.
 */
export function resolveSlaTarget(subject: SlaSubject, targets: SlaTargets, defaultHours: number): SlaTarget {
  if (subject.kind === 'user-task' && subject.taskDefinitionKey) {
    const specific = subject.processDefinitionKey
      ? targets.userTasks[`${subject.processDefinitionKey}:${subject.taskDefinitionKey}`]
      : undefined;
    const byTask = specific ?? targets.userTasks[subject.taskDefinitionKey];
    if (byTask) return { iso: byTask, ms: isoDurationToMs(byTask), source: 'user-task' };
  }
  if (subject.kind === 'process-instance' && subject.processDefinitionKey) {
    const byProcess = targets.processes[subject.processDefinitionKey];
    if (byProcess) return { iso: byProcess, ms: isoDurationToMs(byProcess), source: 'process' };
  }
  const iso = hoursToIsoDuration(defaultHours);
  return { iso, ms: Math.round(defaultHours * 3_600_000), source: 'default' };
}
