import { ProcessGraph } from '../graph/process-graph';
import { GraphCompiler } from '../parser/graph-compiler';
import { parseDescription } from '../parser/text-parser';
import { scopeEventNames } from './event-scope';

/** What the offline generator makes of a description: the graph and the clauses it read only as plain tasks. */
export interface OfflineGraph {
  graph: ProcessGraph;
  name: string;
  unrecognised: string[];
}

/** Text → scoped process graph, the offline path shared by the service and the fidelity benchmark. */
export function offlineGraph(
  text: string,
  processIdFor: (name: string) => string,
  name?: string,
): OfflineGraph {
  const parsed = parseDescription(text, name);
  const processId = processIdFor(parsed.name);
  const graph = scopeEventNames(new GraphCompiler().compile(parsed, { processId }));
  return { graph, name: parsed.name, unrecognised: parsed.unrecognised };
}
