import { Step } from '../parser/step-ast';
import type { Template } from './template';
import { decision, human, service, title, words } from './template-steps.util';

export const approvalChainTemplate: Template = {
  title: 'Approval chain',
  description:
    'Amount-based routing to the right approver, deadlines with escalation, then the completion action or a rejection notice.',
  parameters: {
    approval_type: { description: 'What is approved', default: 'purchase_order' },
    routing_rules: {
      description: 'amount-based (manager/director by limits) or single (one approver)',
      default: 'amount-based',
    },
    manager_limit: { description: 'Amounts up to this are auto-approved', default: 1000 },
    director_limit: { description: 'Amounts above this need a director', default: 10000 },
    approval_sla: { description: 'Time an approver has before escalation', default: '2 days' },
    completion_action: { description: 'What happens once approved', default: 'create_po_in_erp' },
  },
  steps: (p) => {
    const subject = words(p.text('approval_type'));
    const sla = p.duration('approval_sla', 'P2D');
    const manager = p.count('manager_limit', 0, 1e12);
    const director = Math.max(manager, p.count('director_limit', 0, 1e12));
    const escalate = (group: string): Step[] => [
      { kind: 'escalate', name: `Escalate to ${group}`, code: group, group },
    ];
    const routing: Step =
      p.text('routing_rules') === 'single'
        ? human(`Approve ${subject}`, 'approvers', true, {
            deadline: { duration: sla, interrupting: false, steps: escalate('managers') },
          })
        : decision(
            'Amount?',
            [
              [
                `\${amount > ${director}}`,
                [
                  human(`Director approves ${subject}`, 'directors', true, {
                    deadline: { duration: sla, interrupting: false, steps: escalate('executives') },
                  }),
                ],
              ],
              [
                `\${amount > ${manager} && amount <= ${director}}`,
                [
                  human(`Manager approves ${subject}`, 'managers', true, {
                    deadline: { duration: sla, interrupting: false, steps: escalate('directors') },
                  }),
                ],
              ],
            ],
            [service(`Auto-approve ${subject}`)],
          );
    return {
      name: `${title(subject)} approval`,
      start: { type: 'none' },
      saga: false,
      unrecognised: [],
      steps: [
        service(`Validate ${subject} request`),
        routing,
        decision(
          'Approved?',
          [
            [
              '${approved}',
              [service(title(words(p.text('completion_action')))), service('Notify requester of approval')],
            ],
          ],
          [service('Notify requester of rejection')],
        ),
      ],
    };
  },
};
