import type { Template } from './template';
import { service, title } from './template-steps.util';

export const sagaTemplate: Template = {
  title: 'Saga with compensation',
  description:
    'A sequence of steps that each change another system; when a later step fails, the completed ones are compensated in reverse order.',
  parameters: {
    steps: {
      description: 'Comma-separated steps, each undoable',
      default: 'Reserve inventory, Charge payment, Book shipment',
    },
    completion_step: { description: 'The final step after all others succeeded', default: 'Confirm order' },
  },
  steps: (p) => ({
    name: 'Saga',
    start: { type: 'none' },
    saga: true,
    unrecognised: [],
    steps: [
      ...p
        .text('steps')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 20)
        .map((s) => service(title(s))),
      service(title(p.text('completion_step'))),
    ],
  }),
};
