/**
 * A process with `tasks` activities in a row (manual tasks, which the engine passes straight through), then a
 * gateway: instances started with `check = true` wait in the user task "Final check", the others end. It
 * has a laid-out diagram (rows of ten), so the process page draws all of it.
 */
export function wideModel(processKey: string, tasks: number): string {
  const position = (i: number) => ({ x: 200 + (i % 10) * 150, y: 80 + Math.floor(i / 10) * 140 });
  const ids = Array.from({ length: tasks }, (_, i) => `step${String(i + 1).padStart(2, '0')}`);
  const last = position(tasks);
  const flows: [string, string, string][] = [['f0', 'start', ids[0]]];
  ids.forEach((id, i) => flows.push([`f${i + 1}`, id, i + 1 < tasks ? ids[i + 1] : 'needsCheck']));
  const shapes = [
    `<bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="112" y="102" width="36" height="36" /></bpmndi:BPMNShape>`,
    ...ids.map((id, i) => {
      const p = position(i);
      return `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${p.x}" y="${p.y}" width="100" height="80" /></bpmndi:BPMNShape>`;
    }),
    `<bpmndi:BPMNShape id="needsCheck_di" bpmnElement="needsCheck" isMarkerVisible="true"><dc:Bounds x="${last.x + 25}" y="${last.y + 15}" width="50" height="50" /></bpmndi:BPMNShape>`,
    `<bpmndi:BPMNShape id="check_di" bpmnElement="check"><dc:Bounds x="${last.x + 150}" y="${last.y}" width="100" height="80" /></bpmndi:BPMNShape>`,
    `<bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="${last.x + 332}" y="${last.y + 22}" width="36" height="36" /></bpmndi:BPMNShape>`,
  ];
  const centre = (id: string): { x: number; y: number } => {
    if (id === 'start') return { x: 130, y: 120 };
    if (id === 'needsCheck') return { x: last.x + 50, y: last.y + 40 };
    if (id === 'check') return { x: last.x + 200, y: last.y + 40 };
    if (id === 'end') return { x: last.x + 350, y: last.y + 40 };
    const p = position(ids.indexOf(id));
    return { x: p.x + 50, y: p.y + 40 };
  };
  const edges = [
    ...flows,
    ['fCheck', 'needsCheck', 'check'],
    ['fSkip', 'needsCheck', 'end'],
    ['fDone', 'check', 'end'],
  ].map(([flow, from, to]) => {
    const a = centre(from);
    const b = centre(to);
    return `<bpmndi:BPMNEdge id="${flow}_di" bpmnElement="${flow}"><di:waypoint x="${a.x}" y="${a.y}" /><di:waypoint x="${b.x}" y="${b.y}" /></bpmndi:BPMNEdge>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="defs-${processKey}" targetNamespace="http://flowpilot.io/bench">
  <bpmn:process id="${processKey}" name="Bench ${processKey}" isExecutable="true" camunda:historyTimeToLive="P7D">
    <bpmn:startEvent id="start" />
    ${ids.map((id, i) => `<bpmn:manualTask id="${id}" name="Step ${i + 1}" />`).join('\n    ')}
    <bpmn:exclusiveGateway id="needsCheck" default="fSkip" />
    <bpmn:userTask id="check" name="Final check" />
    <bpmn:endEvent id="end" />
    ${flows.map(([flow, from, to]) => `<bpmn:sequenceFlow id="${flow}" sourceRef="${from}" targetRef="${to}" />`).join('\n    ')}
    <bpmn:sequenceFlow id="fCheck" sourceRef="needsCheck" targetRef="check"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${check}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="fSkip" sourceRef="needsCheck" targetRef="end" />
    <bpmn:sequenceFlow id="fDone" sourceRef="check" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram-${processKey}">
    <bpmndi:BPMNPlane id="plane-${processKey}" bpmnElement="${processKey}">
      ${[...shapes, ...edges].join('\n      ')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
