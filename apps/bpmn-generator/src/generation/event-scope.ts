import { ProcessGraph } from '../graph/process-graph';

/**
 * Message names are engine-wide in Camunda 7: two deployed definitions with a
 * start event for the same message are refused (ENGINE-01011), and a catch
 * event would receive another model's correlation. A generated model's
 * message names are therefore prefixed with its process id, so two models
 * generated from the same or similar text deploy side by side. Error and
 * escalation codes are caught inside the instance that throws them, so they
 * cannot collide and stay as workers throw them (`<topic>-failed`).
 */
export function scopeEventNames(graph: ProcessGraph): ProcessGraph {
  const scope = `${graph.processId}.`;
  const scoped = (name: string) => (name.startsWith(scope) ? name : `${scope}${name}`.slice(0, 200));
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      if (node.kind === 'messageCatch') return { ...node, message: scoped(node.message) };
      if (node.kind === 'start' && node.trigger.type === 'message')
        return { ...node, trigger: { ...node.trigger, message: scoped(node.trigger.message) } };
      return node;
    }),
    boundaries: graph.boundaries.map((boundary) =>
      boundary.event.type === 'message'
        ? { ...boundary, event: { ...boundary.event, message: scoped(boundary.event.message) } }
        : boundary,
    ),
  };
}

/** The message a generated model's start event waits for, as the engine knows it (for starting it by message). */
export function startMessageOf(graph: ProcessGraph): string | null {
  const start = graph.nodes.find((n) => n.kind === 'start');
  return start?.kind === 'start' && start.trigger.type === 'message' ? start.trigger.message : null;
}
