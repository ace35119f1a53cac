import { parseCondition } from '../parser/condition.util';
import type { Template } from './template';
import { decision, service } from './template-steps.util';

export const eventDrivenTemplate: Template = {
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
          [service(`Move ${event} to dead letter`), { kind: 'end', name: 'Event rejected', result: 'none' }],
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
};
