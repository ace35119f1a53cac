import { Histogram, Registry } from 'prom-client';
import { BpmnCommandEvents } from './bpmn-command.events';

/** `flowpilot_bpmn_command_duration_seconds`: command durations by type and outcome. */
export function registerBpmnCommandMetrics(registry: Registry, events: BpmnCommandEvents): void {
  const duration = new Histogram({
    name: 'flowpilot_bpmn_command_duration_seconds',
    help: 'Time to answer a bpmn-generator command, by command type and outcome',
    labelNames: ['type', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  events.on('handled', ({ type, outcome, durationMs }) => {
    duration.observe({ type, outcome }, durationMs / 1000);
  });
}
