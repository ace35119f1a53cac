import type { Template } from './template';
import { decision, service, words } from './template-steps.util';

export const dataSyncTemplate: Template = {
  title: 'Data synchronisation',
  description:
    'On a timer, fetch changed records from a source system, transform them and upsert them into a target system, with retries and a failure path.',
  parameters: {
    entity_type: {
      description: 'What is synchronised (products, customers, schedules…)',
      default: 'products',
    },
    source_system: { description: 'Where changes are read', default: "WHATS'ON" },
    target_system: { description: 'Where changes are written', default: 'SAP' },
    sync_interval: { description: 'How often the sync runs', default: '5 minutes' },
    retries: { description: 'Retries of each system call', default: 3 },
  },
  steps: (p) => {
    const entity = words(p.text('entity_type'));
    const retry = { times: p.count('retries', 1, 10), interval: 'PT30S' };
    return {
      name: `Sync ${entity} from ${p.text('source_system')} to ${p.text('target_system')}`,
      start: { type: 'timer', cycle: p.cycle('sync_interval', 'R/PT5M') },
      saga: false,
      unrecognised: [],
      steps: [
        service(`Fetch changed ${entity} from ${p.text('source_system')}`, { retry }),
        decision(
          'Changes found?',
          [
            [
              '${changeCount > 0}',
              [
                service(`Transform ${entity} for ${p.text('target_system')}`),
                service(`Upsert ${entity} in ${p.text('target_system')}`, {
                  retry,
                  onFailure: [
                    service('Record sync failure'),
                    { kind: 'end', name: 'Sync failed', result: 'none' },
                  ],
                }),
                service('Record sync checkpoint'),
              ],
            ],
          ],
          [],
        ),
      ],
    };
  },
};
