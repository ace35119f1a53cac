import { TemplateConfig, TemplateDescription, TemplateKind } from '@flowpilot/shared';
import { parseCondition } from '../parser/condition.util';
import { findCycle, findDuration } from '../parser/duration.util';
import { ParsedDescription, Step } from '../parser/step-ast';
import { topicFor } from '../parser/task-naming.util';

type Value = string | number | boolean;
type Parameters = Record<string, { description: string; default: Value }>;

interface Template {
  title: string;
  description: string;
  parameters: Parameters;
  steps(p: Resolved): ParsedDescription;
}

/** Configuration values with the template's defaults filled in. */
class Resolved {
  constructor(private readonly values: Record<string, Value>) {}
  text(name: string): string {
    return String(this.values[name]).trim().slice(0, 120);
  }
  count(name: string, min: number, max: number): number {
    const n = Number(this.values[name]);
    return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : min;
  }
  duration(name: string, fallback: string): string {
    return findDuration(this.text(name)) ?? fallback;
  }
  cycle(name: string, fallback: string): string {
    const text = this.text(name);
    return findCycle(/^every\b/i.test(text) ? text : `every ${text}`) ?? fallback;
  }
}

const service = (name: string, extra: Partial<Extract<Step, { kind: 'task' }>> = {}): Step => ({
  kind: 'task',
  task: { kind: 'serviceTask', name, topic: topicFor(name), candidateGroups: [], formFields: [] },
  ...extra,
});
const human = (
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
const decision = (question: string, branches: [string, Step[]][], otherwise: Step[] | null): Step => {
  const parsed = branches.map(([expression, steps]) => ({
    condition: { expression, label: expression.slice(2, -1), variable: 'v' },
    steps,
  }));
  return { kind: 'decision', question, variable: 'v', branches: parsed, otherwise };
};
const words = (text: string) => text.replace(/[_-]+/g, ' ').trim();
const title = (text: string) => (text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text);

const TEMPLATES: Record<TemplateKind, Template> = {
  'data-sync': {
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
  },
  'approval-chain': {
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
  },
  saga: {
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
  },
  'event-driven': {
    title: 'Event-driven handler',
    description:
      'Started by a message; validates and processes the event, publishes the result and waits for an acknowledgement with a timeout.',
    parameters: {
      message_name: { description: 'The message that starts the process', default: 'OrderCreated' },
      acknowledgement: {
        description: 'The message that confirms downstream handling',
        default: 'OrderAcknowledged',
      },
      ack_timeout: { description: 'How long to wait for the acknowledgement', default: '1 hour' },
    },
    steps: (p) => {
      const event = p.text('message_name').replace(/[^A-Za-z0-9]+/g, '') || 'Event';
      const ack = p.text('acknowledgement').replace(/[^A-Za-z0-9]+/g, '') || 'Acknowledgement';
      return {
        name: `Handle ${event}`,
        start: { type: 'message', message: event },
        saga: false,
        unrecognised: [],
        steps: [
          service(`Validate ${event} payload`),
          decision(
            'Valid event?',
            [
              [
                parseCondition('valid').expression,
                [
                  service(`Process ${event}`, { retry: { times: 3, interval: 'PT1M' } }),
                  service(`Publish ${event} processed`),
                ],
              ],
            ],
            [
              service(`Move ${event} to dead letter`),
              { kind: 'end', name: 'Event rejected', result: 'none' },
            ],
          ),
          {
            kind: 'message',
            name: `Wait for ${ack}`,
            message: ack,
            timeout: {
              duration: p.duration('ack_timeout', 'PT1H'),
              steps: [service('Raise missing acknowledgement alert')],
            },
          },
        ],
      };
    },
  },
  batch: {
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
  },
  'retry-circuit-breaker': {
    title: 'Retry with circuit breaker',
    description:
      'Calls an unreliable service with retries; repeated failures open the circuit, calls wait for a cool-down, and a half-open probe closes it again.',
    parameters: {
      service_name: { description: 'The unreliable service', default: 'payment provider' },
      retries: { description: 'Retries per call', default: 3 },
      retry_interval: { description: 'Time between retries', default: '30 seconds' },
      cooldown: { description: 'How long the circuit stays open', default: '5 minutes' },
    },
    steps: (p) => {
      const target = words(p.text('service_name'));
      const cooldown = p.duration('cooldown', 'PT5M');
      return {
        name: `Call ${target} with circuit breaker`,
        start: { type: 'none' },
        saga: false,
        unrecognised: [],
        steps: [
          service('Check circuit state'),
          decision(
            'Circuit open?',
            [
              [
                '${circuitOpen}',
                [
                  { kind: 'timer', name: 'Wait for cool-down', duration: cooldown },
                  { kind: 'goto', target: 'check circuit state', label: 'probe again' },
                ],
              ],
            ],
            [
              service(`Call ${target}`, {
                retry: { times: p.count('retries', 1, 10), interval: p.duration('retry_interval', 'PT30S') },
                onFailure: [service('Open circuit'), service('Notify operations')],
              }),
              service('Record success and close circuit'),
            ],
          ),
        ],
      };
    },
  },
};

export class UnknownTemplateSettingError extends Error {}

/** The catalogue the gateway lists. */
export function describeTemplates(): TemplateDescription[] {
  return (Object.entries(TEMPLATES) as [TemplateKind, Template][]).map(([kind, t]) => ({
    kind,
    title: t.title,
    description: t.description,
    parameters: Object.entries(t.parameters).map(([name, p]) => ({
      name,
      description: p.description,
      default: p.default,
    })),
  }));
}

/** The template's steps for a configuration; settings the template does not know are refused by name. */
export function templateSteps(kind: TemplateKind, config: TemplateConfig = {}): ParsedDescription {
  const template = TEMPLATES[kind];
  const unknown = Object.keys(config).filter((k) => !(k in template.parameters));
  if (unknown.length > 0)
    throw new UnknownTemplateSettingError(
      `template ${kind} has no setting ${unknown.join(', ')}; known: ${Object.keys(template.parameters).join(', ')}`,
    );
  const values = Object.fromEntries(
    Object.entries(template.parameters).map(([name, p]) => [name, config[name] ?? p.default]),
  );
  return template.steps(new Resolved(values));
}

/** The defaults merged with the caller's values, as stored with the model. */
export function resolvedConfig(kind: TemplateKind, config: TemplateConfig = {}): TemplateConfig {
  return Object.fromEntries(
    Object.entries(TEMPLATES[kind].parameters).map(([name, p]) => [name, config[name] ?? p.default]),
  );
}
