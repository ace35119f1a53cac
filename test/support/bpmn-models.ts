/** Small models the collector and fault tests deploy under run-specific process keys. */

const definitions = (process: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://flowpilot.io/it">
${process}
</bpmn:definitions>`;

/** Completes as soon as it starts: one process-started and one process-completed fact per instance. */
export function quickModel(processKey: string): string {
  return definitions(`  <bpmn:process id="${processKey}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>`);
}

/** Its async service task reads a variable nobody set and has no retry left: one incident per instance. */
export function failingJobModel(processKey: string): string {
  return definitions(`  <bpmn:process id="${processKey}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="charge" />
    <bpmn:serviceTask id="charge" name="Charge card" camunda:asyncBefore="true" camunda:expression="\${missingVar}">
      <bpmn:extensionElements>
        <camunda:failedJobRetryTimeCycle>R1/PT0S</camunda:failedJobRetryTimeCycle>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="charge" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>`);
}

/**
 * A burst in one start: a parallel multi-instance sub-process of `width`
 * pass-through tasks, so the engine writes about 3 × `width` finished
 * activity instances within a second or two (the load of a busy engine).
 */
export function fanOutModel(processKey: string, width: number): string {
  return definitions(`  <bpmn:process id="${processKey}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="each" />
    <bpmn:subProcess id="each">
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:loopCardinality>${width}</bpmn:loopCardinality>
      </bpmn:multiInstanceLoopCharacteristics>
      <bpmn:startEvent id="eachStart" />
      <bpmn:sequenceFlow id="e1" sourceRef="eachStart" targetRef="step" />
      <bpmn:task id="step" name="Pass through" />
      <bpmn:sequenceFlow id="e2" sourceRef="step" targetRef="eachEnd" />
      <bpmn:endEvent id="eachEnd" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="each" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>`);
}
