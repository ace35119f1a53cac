import { Histogram, Registry } from 'prom-client';
import { AppLogger } from '@flowpilot/shared';
import { BpmnCommandEvents } from './bpmn-command.events';

/** Command durations by type and outcome, and a log line per command. */
export function registerBpmnObservability(
  registry: Registry,
  events: BpmnCommandEvents,
  logger: AppLogger,
): void {
  const duration = new Histogram({
    name: 'flowpilot_bpmn_command_duration_seconds',
    help: 'Time to answer a bpmn-generator command, by command type and outcome',
    labelNames: ['type', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const log = logger.forContext('BpmnCommands');
  events.on('handled', ({ type, outcome, durationMs }) => {
    duration.observe({ type, outcome }, durationMs / 1000);
    log.info('command handled', { type, outcome, durationMs });
  });
}
