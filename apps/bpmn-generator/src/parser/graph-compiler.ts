import { Boundary, Flow, GraphNode, ProcessGraph } from '../graph/process-graph';
import { compensation } from '../enhance/enhancement-passes';
import { ParsedDescription, Step } from './step-ast';

/** A pending connection: the element a flow will leave from, and what the flow carries. */
interface Exit {
  from: string;
  name?: string;
  condition?: string;
  isDefault?: boolean;
}

export interface CompileOptions {
  processId: string;
}

/** Turns the parser's steps into a well-formed graph: explicit splits and joins, one start, ends on every path. */
export class GraphCompiler {
  private readonly nodes: GraphNode[] = [];
  private readonly flows: Flow[] = [];
  private readonly boundaries: Boundary[] = [];
  private readonly counters = new Map<string, number>();
  /** Merge gateways put in front of loop targets, so several gotos share one. */
  private readonly loopEntries = new Map<string, string>();
  private firstNodeId: string | null = null;

  compile(parsed: ParsedDescription, options: CompileOptions): ProcessGraph {
    const startId = this.add({
      id: 'StartEvent_1',
      kind: 'start',
      name:
        parsed.start.type === 'timer'
          ? `Every ${parsed.start.cycle.slice(2)}`
          : parsed.start.type === 'message'
            ? `${parsed.start.message}`
            : 'Start',
      trigger:
        parsed.start.type === 'timer'
          ? { type: 'timer', timer: { kind: 'cycle', value: parsed.start.cycle } }
          : parsed.start.type === 'message'
            ? { type: 'message', message: parsed.start.message }
            : { type: 'none' },
    });
    const steps =
      parsed.steps.length > 0
        ? parsed.steps
        : [
            {
              kind: 'task' as const,
              task: {
                kind: 'serviceTask' as const,
                name: 'Handle request',
                topic: 'handle-request',
                candidateGroups: [],
                formFields: [],
              },
            },
          ];
    const exits = this.steps(steps, [{ from: startId }]);
    this.finish(exits, 'Process completed');
    const graph = {
      processId: options.processId,
      name: parsed.name,
      nodes: this.nodes,
      flows: this.flows,
      boundaries: this.boundaries,
    };
    return parsed.saga ? compensation(graph).graph : graph;
  }

  private id(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}_${n}`;
  }

  private add(node: GraphNode): string {
    this.nodes.push(node);
    return node.id;
  }

  private connect(exit: Exit, target: string): void {
    this.flows.push({
      id: this.id('Flow'),
      source: exit.from,
      target,
      ...(exit.name ? { name: exit.name.slice(0, 200) } : {}),
      ...(exit.condition ? { condition: exit.condition } : {}),
      ...(exit.isDefault ? { isDefault: true } : {}),
    });
  }

  /** Connects the exits to `target`, through a merge gateway when there are several. */
  private enter(exits: Exit[], target: string): void {
    if (exits.length <= 1) {
      for (const e of exits) this.connect(e, target);
      return;
    }
    const merge = this.add({ id: this.id('Gateway'), kind: 'exclusiveGateway', name: 'Merge' });
    for (const e of exits) this.connect(e, merge);
    this.connect({ from: merge }, target);
  }

  private finish(exits: Exit[], name: string): void {
    if (exits.length === 0) return;
    const end = this.add({ id: this.id('EndEvent'), kind: 'end', name, result: { type: 'none' } });
    this.enter(exits, end);
  }

  private steps(steps: Step[], entry: Exit[]): Exit[] {
    let exits = entry;
    for (const step of steps) {
      if (exits.length === 0) break;
      exits = this.step(step, exits);
    }
    return exits;
  }

  private step(step: Step, entry: Exit[]): Exit[] {
    switch (step.kind) {
      case 'task':
        return this.task(step, entry);
      case 'decision': {
        const gateway = this.add({ id: this.id('Gateway'), kind: 'exclusiveGateway', name: step.question });
        this.enter(entry, gateway);
        const exits: Exit[] = [];
        const complementary =
          step.otherwise === null &&
          step.branches.length === 2 &&
          isNegationOf(step.branches[1].condition.expression, step.branches[0].condition.expression);
        const branches = complementary ? step.branches.slice(0, 1) : step.branches;
        const otherwise = complementary ? step.branches[1].steps : (step.otherwise ?? []);
        const otherwiseName = complementary
          ? step.branches[1].condition.label
          : (step.otherwiseLabel ?? 'otherwise');
        for (const branch of branches) {
          exits.push(
            ...this.steps(branch.steps, [
              { from: gateway, name: branch.condition.label, condition: branch.condition.expression },
            ]),
          );
        }
        exits.push(...this.steps(otherwise, [{ from: gateway, name: otherwiseName, isDefault: true }]));
        return exits;
      }
      case 'parallel': {
        const branches = step.branches.filter((b) => b.length > 0);
        if (branches.length < 2) return this.steps(branches.flat(), entry);
        const fork = this.add({ id: this.id('Gateway'), kind: 'parallelGateway', name: 'Fork' });
        this.enter(entry, fork);
        const ends = branches.map((b) => this.steps(b, [{ from: fork }]));
        const live = ends.filter((e) => e.length > 0);
        if (live.length === 0) return [];
        const join = this.add({ id: this.id('Gateway'), kind: 'parallelGateway', name: 'Join' });
        for (const e of live) this.enter(e, join);
        return [{ from: join }];
      }
      case 'timer': {
        const id = this.add({
          id: this.id('Event'),
          kind: 'timerCatch',
          name: step.name,
          timer: { kind: 'duration', value: step.duration },
        });
        this.enter(entry, id);
        return [{ from: id }];
      }
      case 'message': {
        if (!step.timeout) {
          const id = this.add({
            id: this.id('Event'),
            kind: 'messageCatch',
            name: step.name,
            message: step.message,
          });
          this.enter(entry, id);
          return [{ from: id }];
        }
        const gateway = this.add({
          id: this.id('Gateway'),
          kind: 'eventBasedGateway',
          name: `${step.message} or timeout?`,
        });
        this.enter(entry, gateway);
        const received = this.add({
          id: this.id('Event'),
          kind: 'messageCatch',
          name: step.name,
          message: step.message,
        });
        const timer = this.add({
          id: this.id('Event'),
          kind: 'timerCatch',
          name: `No answer after ${step.timeout.duration}`,
          timer: { kind: 'duration', value: step.timeout.duration },
        });
        this.connect({ from: gateway }, received);
        this.connect({ from: gateway }, timer);
        this.finish(this.steps(step.timeout.steps, [{ from: timer }]), `${step.message} not received`);
        return [{ from: received }];
      }
      case 'escalate': {
        const escalation = this.add({
          id: this.id('Event'),
          kind: 'escalationThrow',
          name: step.name,
          code: step.code,
        });
        this.enter(entry, escalation);
        const handle = this.add({
          id: this.id('Activity'),
          kind: 'userTask',
          name: 'Handle escalation',
          candidateGroups: [step.group],
          formFields: step.formFields ?? [{ id: 'comment', label: 'Comment', type: 'string' }],
        });
        this.connect({ from: escalation }, handle);
        return [{ from: handle }];
      }
      case 'goto': {
        const target = this.loopTarget(step.target);
        if (!target) return entry;
        for (const e of entry) this.connect({ ...e, name: e.name ?? step.label }, target);
        return [];
      }
      case 'end': {
        const end = this.add({
          id: this.id('EndEvent'),
          kind: 'end',
          name: step.name,
          result: step.result === 'error' ? { type: 'error', code: 'process-failed' } : { type: 'none' },
        });
        this.enter(entry, end);
        return [];
      }
    }
  }

  private task(step: Extract<Step, { kind: 'task' }>, entry: Exit[]): Exit[] {
    const id = this.add(this.taskNode(step));
    this.firstNodeId ??= id;
    this.enter(entry, id);
    const exits: Exit[] = [{ from: id }];
    if (step.deadline) {
      // A deadline with no stated consequence is an SLA: remind, and let the task go on.
      const stated = step.deadline.steps.length > 0;
      const boundary = this.boundary(id, `${step.deadline.duration} passed`, {
        type: 'timer',
        timer: { kind: 'duration', value: step.deadline.duration },
        interrupting: stated && step.deadline.interrupting,
      });
      // Whoever handles an escalated user task decides in its place, with the same form.
      const form = step.task.kind === 'userTask' ? step.task.formFields : undefined;
      const consequence: Step[] = stated
        ? step.deadline.steps.map((s) => (s.kind === 'escalate' && form ? { ...s, formFields: form } : s))
        : [
            {
              kind: 'task',
              task: {
                kind: 'serviceTask',
                name: `Notify about overdue ${step.task.name}`.slice(0, 200),
                topic: 'notify-overdue-task',
                candidateGroups: [],
                formFields: [],
              },
            },
          ];
      const path = this.steps(consequence, [{ from: boundary }]);
      if (stated && step.deadline.interrupting) exits.push(...path);
      else this.finish(path, 'Deadline reminder sent');
    }
    if (step.reminder) {
      const boundary = this.boundary(id, `Every ${step.reminder.cycle.slice(2)}`, {
        type: 'timer',
        timer: { kind: 'cycle', value: step.reminder.cycle },
        interrupting: false,
      });
      this.finish(this.steps(step.reminder.steps, [{ from: boundary }]), 'Reminder sent');
    }
    if (step.onFailure && step.task.kind === 'serviceTask') {
      const boundary = this.boundary(id, `${step.task.name} failed`, {
        type: 'error',
        code: `${step.task.topic}-failed`,
      });
      this.finish(this.steps(step.onFailure, [{ from: boundary }]), `${step.task.name} failed`.slice(0, 200));
    }
    return exits;
  }

  private taskNode({ task, retry, multiInstance }: Extract<Step, { kind: 'task' }>): GraphNode {
    const id = this.id('Activity');
    if (task.kind === 'userTask') {
      return {
        id,
        kind: 'userTask',
        name: task.name,
        candidateGroups: task.candidateGroups,
        formFields: task.formFields,
      };
    }
    return {
      id,
      kind: 'serviceTask',
      name: task.name,
      topic: task.topic,
      ...(retry ? { retry } : {}),
      ...(multiInstance ? { multiInstance } : {}),
    };
  }

  private boundary(attachedTo: string, name: string, event: Boundary['event']): string {
    const id = this.id('Boundary');
    this.boundaries.push({ id, name: name.slice(0, 200), attachedTo, event });
    return id;
  }

  /** The merge gateway in front of a loop target (created on first use, with the target's existing inflows moved to it). */
  private loopTarget(wanted: string | null): string | null {
    const target = wanted ? (this.bestMatch(wanted) ?? this.firstNodeId) : this.firstNodeId;
    if (!target) return null;
    const existing = this.loopEntries.get(target);
    if (existing) return existing;
    const merge = this.add({ id: this.id('Gateway'), kind: 'exclusiveGateway', name: 'Merge' });
    for (const f of this.flows) if (f.target === target) f.target = merge;
    this.connect({ from: merge }, target);
    this.loopEntries.set(target, merge);
    return merge;
  }

  private bestMatch(wanted: string): string | null {
    const words = new Set(
      wanted
        .toLowerCase()
        .split(/\W+/)
        .filter((w) => w.length > 2),
    );
    let best: { id: string; score: number } | null = null;
    for (const n of this.nodes) {
      if (n.kind !== 'serviceTask' && n.kind !== 'userTask') continue;
      const score = n.name
        .toLowerCase()
        .split(/\W+/)
        .filter((w) => words.has(w) || words.has(w.replace(/s$/, ''))).length;
      if (score > 0 && (!best || score > best.score)) best = { id: n.id, score };
    }
    return best?.id ?? null;
  }
}

const OPPOSITE: Record<string, string> = {
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
  '==': '!=',
  '!=': '==',
};

/** `${!approved}` against `${approved}`, `${score >= 600}` against `${score < 600}`: the second branch is simply "otherwise". */
function isNegationOf(expression: string, other: string): boolean {
  if (expression === `\${!${other.slice(2, -1)}}` || other === `\${!${expression.slice(2, -1)}}`) return true;
  const comparison = /^\$\{(\w+) (<|>=|>|<=|==|!=) (.+)\}$/;
  const [a, b] = [comparison.exec(expression), comparison.exec(other)];
  return a !== null && b !== null && a[1] === b[1] && a[3] === b[3] && OPPOSITE[a[2]] === b[2];
}
