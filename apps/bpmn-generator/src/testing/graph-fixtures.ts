import { ProcessGraph } from '../graph/process-graph';

/** A small approval process: start, service task, decision, user task with a deadline, loop back, end. */
export function approvalGraph(): ProcessGraph {
  return {
    processId: 'Approval',
    name: 'Approval',
    nodes: [
      { id: 'start', kind: 'start', name: 'Start', trigger: { type: 'none' } },
      { id: 'merge', kind: 'exclusiveGateway', name: 'Merge' },
      { id: 'check', kind: 'serviceTask', name: 'Check request', topic: 'check-request' },
      { id: 'split', kind: 'exclusiveGateway', name: 'Amount?' },
      {
        id: 'approve',
        kind: 'userTask',
        name: 'Approve request',
        candidateGroups: ['managers'],
        formFields: [{ id: 'approved', label: 'Approved?', type: 'boolean' }],
      },
      { id: 'decided', kind: 'exclusiveGateway', name: 'Approved?' },
      { id: 'join', kind: 'exclusiveGateway', name: 'Join' },
      { id: 'notify', kind: 'serviceTask', name: 'Notify requester', topic: 'notify-requester' },
      { id: 'remind', kind: 'serviceTask', name: 'Remind managers', topic: 'remind' },
      { id: 'reminded', kind: 'end', name: 'Reminded', result: { type: 'none' } },
      { id: 'end', kind: 'end', name: 'Done', result: { type: 'none' } },
    ],
    flows: [
      { id: 'f1', source: 'start', target: 'merge' },
      { id: 'f2', source: 'merge', target: 'check' },
      { id: 'f3', source: 'check', target: 'split' },
      { id: 'f4', source: 'split', target: 'approve', name: 'large', condition: '${amount > 1000}' },
      { id: 'f5', source: 'split', target: 'join', name: 'small', isDefault: true },
      { id: 'f6', source: 'approve', target: 'decided' },
      { id: 'f7', source: 'decided', target: 'join', name: 'yes', condition: '${approved}' },
      { id: 'f12', source: 'join', target: 'notify' },
      { id: 'f8', source: 'decided', target: 'merge', name: 'no', isDefault: true },
      { id: 'f9', source: 'notify', target: 'end' },
      { id: 'f10', source: 'sla', target: 'remind' },
      { id: 'f11', source: 'remind', target: 'reminded' },
    ],
    boundaries: [
      {
        id: 'sla',
        name: '2 days',
        attachedTo: 'approve',
        event: { type: 'timer', timer: { kind: 'duration', value: 'P2D' }, interrupting: false },
      },
    ],
  };
}

/** Service tasks named `names`, one after another between a start and an end event. */
export function chainGraph(...names: string[]): ProcessGraph {
  const tasks = names.map((name, i) => ({ id: `t${i}`, kind: 'serviceTask' as const, name, topic: `t${i}` }));
  const ids = ['start', ...tasks.map((t) => t.id), 'end'];
  return {
    processId: 'Chain',
    name: 'Chain',
    nodes: [
      { id: 'start', kind: 'start', name: 'Start', trigger: { type: 'none' } },
      ...tasks,
      { id: 'end', kind: 'end', name: 'End', result: { type: 'none' } },
    ],
    flows: ids.slice(1).map((id, i) => ({ id: `f${i}`, source: ids[i], target: id })),
    boundaries: [],
  };
}
