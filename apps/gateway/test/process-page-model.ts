/**
 * A small order process with its diagram (BPMN DI), deployed by the process-page tests and the page-load
 * benchmark under run-specific keys. `review` and `approve` are user tasks the test completes on its own
 * clock (so their durations are known), `charge` is an async service task that fails with an incident when
 * the instance has no `ok` variable, and the gateway sends amounts above 1000 through `approve`.
 */
export function orderModel(processKey: string, name = 'Order fulfilment'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="defs-${processKey}" targetNamespace="http://flowpilot.io/it">
  <bpmn:process id="${processKey}" name="${name}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" name="Order received" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="Review order" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="needsApproval" />
    <bpmn:exclusiveGateway id="needsApproval" name="Amount over 1000?" default="f4" />
    <bpmn:sequenceFlow id="f3" name="yes" sourceRef="needsApproval" targetRef="approve">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${amount &gt; 1000}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" name="no" sourceRef="needsApproval" targetRef="charge" />
    <bpmn:userTask id="approve" name="Approve order" />
    <bpmn:sequenceFlow id="f5" sourceRef="approve" targetRef="charge" />
    <bpmn:serviceTask id="charge" name="Charge card" camunda:asyncBefore="true" camunda:expression="\${ok}">
      <bpmn:extensionElements>
        <camunda:failedJobRetryTimeCycle>R1/PT0S</camunda:failedJobRetryTimeCycle>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f6" sourceRef="charge" targetRef="end" />
    <bpmn:endEvent id="end" name="Order done" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram-${processKey}">
    <bpmndi:BPMNPlane id="plane-${processKey}" bpmnElement="${processKey}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="222" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="review_di" bpmnElement="review"><dc:Bounds x="240" y="200" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="needsApproval_di" bpmnElement="needsApproval" isMarkerVisible="true"><dc:Bounds x="395" y="215" width="50" height="50" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="approve_di" bpmnElement="approve"><dc:Bounds x="500" y="90" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="charge_di" bpmnElement="charge"><dc:Bounds x="660" y="200" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="822" y="222" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="240" /><di:waypoint x="240" y="240" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="240" /><di:waypoint x="395" y="240" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="420" y="215" /><di:waypoint x="420" y="130" /><di:waypoint x="500" y="130" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f4_di" bpmnElement="f4"><di:waypoint x="445" y="240" /><di:waypoint x="660" y="240" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f5_di" bpmnElement="f5"><di:waypoint x="600" y="130" /><di:waypoint x="710" y="130" /><di:waypoint x="710" y="200" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f6_di" bpmnElement="f6"><di:waypoint x="760" y="240" /><di:waypoint x="822" y="240" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
