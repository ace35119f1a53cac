import { Step } from '../parser/step-ast';
import { topicFor } from '../parser/task-naming.util';

/** The building blocks the templates' steps are written with. */
export const service = (name: string, extra: Partial<Extract<Step, { kind: 'task' }>> = {}): Step => ({
  kind: 'task',
  task: { kind: 'serviceTask', name, topic: topicFor(name), candidateGroups: [], formFields: [] },
  ...extra,
});
export const human = (
  name: string,
  group: string,
  deciding: boolean,
  extra: Partial<Extract<Step, { kind: 'task' }>> = {},
): Step => ({
  kind: 'task',
  task: {
    kind: 'userTask',
    name,
    topic: topicFor(name),
    candidateGroups: [
      group
        .toLowerCase()
        .replace(/[^a-z0-9_.-]+/g, '-')
        .slice(0, 64) || 'operators',
    ],
    formFields: [
      ...(deciding ? [{ id: 'approved', label: 'Approved?', type: 'boolean' as const }] : []),
      { id: 'comment', label: 'Comment', type: 'string' as const },
    ],
  },
  ...extra,
});
export const decision = (question: string, branches: [string, Step[]][], otherwise: Step[] | null): Step => {
  const parsed = branches.map(([expression, steps]) => ({
    condition: { expression, label: expression.slice(2, -1), variable: 'v' },
    steps,
  }));
  return { kind: 'decision', question, variable: 'v', branches: parsed, otherwise };
};
export const words = (text: string) => text.replace(/[_-]+/g, ' ').trim();
export const title = (text: string) => (text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text);
