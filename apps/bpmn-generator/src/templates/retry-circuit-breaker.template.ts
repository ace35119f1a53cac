import type { Template } from './template';
import { decision, service, words } from './template-steps.util';

export const retryCircuitBreakerTemplate: Template = {
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
};
