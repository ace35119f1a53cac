/**
 * The burst the engine is driven with: one start runs a parallel multi-instance
 * sub-process of `branches` × `tasksPerBranch` pass-through tasks in one
 * transaction, so Camunda writes every activity instance as fast as it can.
 * No diagram: the engine needs none to execute it.
 */
export function multiInstanceBurstModel(key: string, branches: number, tasksPerBranch: number): string {
  const tasks = Array.from({ length: tasksPerBranch }, (_, i) => `task${i + 1}`);
  const chain = ['branchStart', ...tasks, 'branchEnd'];
  const flows = chain
    .slice(1)
    .map((target, i) => `<bpmn:sequenceFlow id="bf${i}" sourceRef="${chain[i]}" targetRef="${target}" />`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                  id="Definitions_${key}" targetNamespace="http://flowpilot.dev/bench">
  <bpmn:process id="${key}" name="Pipeline bench burst" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:subProcess id="branch">
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:loopCardinality>${branches}</bpmn:loopCardinality>
      </bpmn:multiInstanceLoopCharacteristics>
      <bpmn:startEvent id="branchStart" />
      ${tasks.map((id) => `<bpmn:task id="${id}" />`).join('\n      ')}
      <bpmn:endEvent id="branchEnd" />
      ${flows.join('\n      ')}
    </bpmn:subProcess>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="branch" />
    <bpmn:sequenceFlow id="f2" sourceRef="branch" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>
`;
}

/**
 * Activity instances one start writes: start, multi-instance body and end, plus
 * per branch the sub-process, its start, its tasks and its end
 * (2,000 × 10 → 26,003, the figure of issue 13).
 */
export function burstActivityInstances(branches: number, tasksPerBranch: number): number {
  return 3 + branches * (tasksPerBranch + 3);
}
