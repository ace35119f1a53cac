import type { Template } from './template';
import { decision, human, service, words } from './template-steps.util';

export const batchTemplate: Template = {
  title: 'Batch processing',
  description:
    'On a schedule, load a batch, process every item (multi-instance) with retries, aggregate, and send failures to people for review.',
  parameters: {
    schedule: { description: 'How often the batch runs', default: 'day' },
    item_name: { description: 'What one item is', default: 'invoice' },
    parallel: { description: 'Process items in parallel (true) or one by one (false)', default: true },
  },
  steps: (p) => {
    const item = words(p.text('item_name'));
    return {
      name: `Batch ${item} processing`,
      start: { type: 'timer', cycle: p.cycle('schedule', 'R/P1D') },
      saga: false,
      unrecognised: [],
      steps: [
        service(`Load ${item} batch`),
        service(`Process ${item}`, {
          retry: { times: 3, interval: 'PT5M' },
          multiInstance: {
            collection: 'items',
            elementVariable: 'item',
            sequential: String(p.text('parallel')) === 'false',
          },
        }),
        service('Aggregate batch results'),
        decision(
          'Failures?',
          [
            [
              '${failedCount > 0}',
              [
                human(`Review failed ${item}s`, 'operations', false, {
                  deadline: {
                    duration: 'P1D',
                    interrupting: false,
                    steps: [service('Notify operations lead')],
                  },
                }),
              ],
            ],
          ],
          [service('Publish batch report')],
        ),
      ],
    };
  },
};
