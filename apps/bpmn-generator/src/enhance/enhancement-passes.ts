import { EnhancementPass } from '@flowpilot/shared';
import { GraphEditor } from '../graph/graph-editor';
import { GraphNode, NodeOf, ProcessGraph } from '../graph/process-graph';
import { INDEPENDENT_STEP } from '../validation/model-inspector';

export interface EnhanceOptions {
  retries: number;
  retryInterval: string;
  /** Deadline put on user tasks without one. */
  sla: string;
}

type ServiceNode = NodeOf<'serviceTask'>;

/** Undo actions for steps that change other systems: "Reserve inventory" is compensated by "Release inventory". */
const UNDO: [RegExp, string][] = [
  [/^reserve\b/i, 'Release'],
  [/^book\b/i, 'Cancel booking of'],
  [/^charge\b/i, 'Refund'],
  [/^debit\b/i, 'Credit'],
  [/^credit\b/i, 'Debit'],
  [/^allocate\b/i, 'Deallocate'],
  [/^create\b/i, 'Delete'],
  [/^place\b/i, 'Cancel'],
  [/^hold\b/i, 'Release'],
  [/^transfer\b/i, 'Reverse transfer of'],
  [/^provision\b/i, 'Deprovision'],
  [/^register\b/i, 'Unregister'],
  [/^pay\b/i, 'Refund'],
  [/^ship\b/i, 'Recall'],
];

const services = (graph: ProcessGraph): ServiceNode[] =>
  graph.nodes.filter((n): n is ServiceNode => n.kind === 'serviceTask' && !n.forCompensation);

export interface PassResult {
  graph: ProcessGraph;
  /** What the pass changed, in words. */
  changes: string[];
}
/** Every pass returns a new graph; the input is left alone. */
export type Pass = (graph: ProcessGraph, options: EnhanceOptions) => PassResult;

/** Retries and an error boundary on each service task; failures go to people through one shared task. */
export const errorBoundaries: Pass = (graph, options) => {
  const editor = new GraphEditor(graph);
  const changes: string[] = [];
  const failures: string[] = [];
  for (const task of services(editor.graph)) {
    if (!task.retry) {
      task.retry = { times: options.retries, interval: options.retryInterval };
      changes.push(`retries (${options.retries} × ${options.retryInterval}) on "${task.name}"`);
    }
    if (editor.hasBoundary(task.id, 'error')) continue;
    failures.push(
      editor.boundary(task.id, `${task.name} failed`, {
        type: 'error',
        code: `${task.topic}-failed`.slice(0, 100),
      }),
    );
    changes.push(`error boundary on "${task.name}"`);
  }
  if (failures.length > 0) {
    const handle = editor.add({
      kind: 'userTask',
      name: 'Investigate failure',
      candidateGroups: ['operations'],
      formFields: [{ id: 'comment', label: 'Comment', type: 'string' }],
    });
    editor.merge(failures, handle);
    const end = editor.add({ kind: 'end', name: 'Failure handled', result: { type: 'none' } }, 'EndEvent');
    editor.connect(handle, end);
  }
  return { graph: editor.graph, changes };
};

/** A non-interrupting deadline on each user task: when it passes, the candidate groups are reminded. */
export const slaTimers: Pass = (graph, options) => {
  const editor = new GraphEditor(graph);
  const changes: string[] = [];
  for (const task of editor.graph.nodes.filter((n): n is NodeOf<'userTask'> => n.kind === 'userTask')) {
    if (editor.hasBoundary(task.id, 'timer')) continue;
    const boundary = editor.boundary(task.id, `${options.sla} passed`, {
      type: 'timer',
      timer: { kind: 'duration', value: options.sla },
      interrupting: false,
    });
    const remind = editor.add({
      kind: 'serviceTask',
      name: `Remind ${task.candidateGroups.join(', ')} about ${task.name}`.slice(0, 200),
      topic: 'send-sla-reminder',
    });
    const end = editor.add({ kind: 'end', name: 'Reminder sent', result: { type: 'none' } }, 'EndEvent');
    editor.connect(boundary, remind);
    editor.connect(remind, end);
    changes.push(`SLA timer (${options.sla}) on "${task.name}"`);
  }
  return { graph: editor.graph, changes };
};

/**
 * Saga compensation: steps that change other systems get a compensation
 * handler; a failure of a later service step throws compensation (undoing
 * the completed steps, newest first) and ends the process as rolled back.
 */
export const compensation = (graph: ProcessGraph): PassResult => {
  const editor = new GraphEditor(graph);
  const changes: string[] = [];
  const all = services(editor.graph);
  const compensable = all.filter((t) => UNDO.some(([p]) => p.test(t.name)) && !INDEPENDENT_STEP.test(t.name));
  const chosen = compensable.length > 0 ? compensable : all.slice(0, -1);
  for (const task of chosen) {
    if (editor.hasBoundary(task.id, 'compensation')) continue;
    const undo = UNDO.find(([p]) => p.test(task.name));
    const name = undo ? `${undo[1]} ${task.name.replace(/^\S+\s*/, '')}`.trim() : `Undo ${task.name}`;
    const handler = editor.add({
      kind: 'serviceTask',
      name: name.slice(0, 200),
      topic: `undo-${task.topic}`.slice(0, 100),
      forCompensation: true,
    });
    editor.boundary(task.id, `Undo ${task.name}`, { type: 'compensation', handler });
    changes.push(`compensation handler "${name}" for "${task.name}"`);
  }
  if (chosen.length === 0 || editor.graph.nodes.some((n) => n.kind === 'compensationThrow'))
    return { graph: editor.graph, changes };
  const later = all.slice(all.indexOf(chosen[0]) + 1).filter((t) => !editor.hasBoundary(t.id, 'error'));
  if (later.length === 0) return { graph: editor.graph, changes };
  const failures = later.map((t) =>
    editor.boundary(t.id, `${t.name} failed`, { type: 'error', code: 'saga-step-failed' }),
  );
  const undo = editor.add({ kind: 'compensationThrow', name: 'Undo completed steps' }, 'Event');
  editor.merge(failures, undo);
  const end = editor.add({ kind: 'end', name: 'Rolled back', result: { type: 'none' } }, 'EndEvent');
  editor.connect(undo, end);
  changes.push(`failures of ${later.length} later step(s) roll back the completed ones`);
  return { graph: editor.graph, changes };
};

/** Runs of directly chained independent service tasks (notifications, updates, archiving) become parallel branches. */
export const parallelize = (graph: ProcessGraph): PassResult => {
  const editor = new GraphEditor(graph);
  const changes: string[] = [];
  for (const run of independentRuns(editor)) {
    const first = run[0];
    const last = run[run.length - 1];
    const into = editor.incoming(first.id);
    const out = editor.outgoing(last.id);
    const internal = new Set(run.slice(0, -1).flatMap((t) => editor.outgoing(t.id).map((f) => f.id)));
    editor.graph.flows = editor.graph.flows.filter((f) => !internal.has(f.id));
    const fork = editor.add({ kind: 'parallelGateway', name: 'Fork' }, 'Gateway');
    const join = editor.add({ kind: 'parallelGateway', name: 'Join' }, 'Gateway');
    for (const f of into) f.target = fork;
    for (const f of out) f.source = join;
    for (const task of run) {
      editor.connect(fork, task.id);
      editor.connect(task.id, join);
    }
    changes.push(`${run.map((t) => `"${t.name}"`).join(', ')} now run in parallel`);
  }
  return { graph: editor.graph, changes };
};

function independentRuns(editor: GraphEditor): GraphNode[][] {
  const independent = (n: GraphNode | undefined): n is ServiceNode =>
    n?.kind === 'serviceTask' &&
    !n.forCompensation &&
    INDEPENDENT_STEP.test(n.name) &&
    editor.incoming(n.id).length === 1 &&
    editor.outgoing(n.id).length === 1;
  const next = (n: GraphNode): GraphNode | undefined => {
    const target = editor.node(editor.outgoing(n.id)[0]?.target ?? '');
    return independent(target) ? target : undefined;
  };
  const runs: GraphNode[][] = [];
  const taken = new Set<string>();
  for (const n of editor.graph.nodes) {
    if (!independent(n) || taken.has(n.id)) continue;
    const previous = editor.node(editor.incoming(n.id)[0].source);
    if (independent(previous)) continue;
    const run: GraphNode[] = [n];
    for (let m = next(n); m && !taken.has(m.id) && !run.includes(m); m = next(m)) run.push(m);
    run.forEach((t) => taken.add(t.id));
    if (run.length >= 2) runs.push(run);
  }
  return runs;
}

const PASSES: Record<EnhancementPass, Pass> = {
  parallelize,
  compensation,
  'error-boundaries': errorBoundaries,
  'sla-timers': slaTimers,
};
/** Order matters: parallelize first (it moves flows); error boundaries last, so tasks added by other passes get them too. */
const ORDER: EnhancementPass[] = ['parallelize', 'compensation', 'sla-timers', 'error-boundaries'];

export function enhance(
  graph: ProcessGraph,
  passes: EnhancementPass[],
  options: EnhanceOptions,
): { graph: ProcessGraph; changes: string[] } {
  let current = graph;
  const changes: string[] = [];
  for (const pass of ORDER.filter((p) => passes.includes(p))) {
    const result = PASSES[pass](current, options);
    current = result.graph;
    changes.push(...result.changes.map((c) => `${pass}: ${c}`));
  }
  return { graph: current, changes };
}
