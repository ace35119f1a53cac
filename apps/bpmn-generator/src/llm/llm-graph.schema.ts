import { ProcessGraph, ProcessGraphSchema } from '../graph/process-graph';

/** `${…}` or `#{…}`: Camunda 7 evaluates these in a catch event's message name when the token arrives. */
const EXPRESSION = /[$#]\{/;

/**
 * The graph schema plus what only an LLM answer needs ruling out. Message
 * names are free text in the shared schema (imported models may use
 * expressions there on purpose), but a name that an LLM answer (steered by
 * the description) turns into an expression would reach the engine's
 * expression language: in an answer, a message name stays a name.
 */
export const LlmProcessGraphSchema = ProcessGraphSchema.superRefine((graph, ctx) => {
  messageNames(graph).forEach(({ path, message }) => {
    if (EXPRESSION.test(message))
      ctx.addIssue({ code: 'custom', path, message: 'a message name may not contain an expression' });
  });
});

function messageNames(graph: ProcessGraph): { path: (string | number)[]; message: string }[] {
  const found: { path: (string | number)[]; message: string }[] = [];
  graph.nodes.forEach((node, i) => {
    if (node.kind === 'messageCatch') found.push({ path: ['nodes', i, 'message'], message: node.message });
    if (node.kind === 'start' && node.trigger.type === 'message')
      found.push({ path: ['nodes', i, 'trigger', 'message'], message: node.trigger.message });
  });
  graph.boundaries.forEach((boundary, i) => {
    if (boundary.event.type === 'message')
      found.push({ path: ['boundaries', i, 'event', 'message'], message: boundary.event.message });
  });
  return found;
}
