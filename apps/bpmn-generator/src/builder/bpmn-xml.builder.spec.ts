import { approvalGraph } from '../testing/graph-fixtures';
import { createBpmnModdle } from './bpmn-moddle.adapter';
import { BpmnXmlBuilder } from './bpmn-xml.builder';

describe('BpmnXmlBuilder', () => {
  const sut = new BpmnXmlBuilder();

  it('writes an executable process with Camunda 7 extensions', async () => {
    const graph = approvalGraph();
    graph.nodes = graph.nodes.map((n) =>
      n.id === 'check' ? { ...n, retry: { times: 3, interval: 'PT10S' } } : n,
    );

    const xml = await sut.build(graph, { historyTimeToLiveDays: 90 });

    expect(xml).toContain(
      '<bpmn:process id="Approval" name="Approval" isExecutable="true" camunda:historyTimeToLive="90">',
    );
    expect(xml).toMatch(
      /<bpmn:serviceTask id="check" name="Check request" camunda:asyncBefore="true" camunda:type="external" camunda:topic="check-request">/,
    );
    expect(xml).toContain('<camunda:failedJobRetryTimeCycle>R3/PT10S</camunda:failedJobRetryTimeCycle>');
    expect(xml).toContain('camunda:candidateGroups="managers"');
    expect(xml).toContain('<camunda:formField id="approved" label="Approved?" type="boolean" />');
    expect(xml).toContain(
      '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${amount &gt; 1000}</bpmn:conditionExpression>',
    );
    expect(xml).toContain('<bpmn:exclusiveGateway id="split" name="Amount?" default="f5">');
    expect(xml).toContain('<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P2D</bpmn:timeDuration>');
    expect(xml).toContain('modeler:executionPlatformVersion="7.24.0"');
  });

  it('lays out every element in the diagram', async () => {
    const graph = approvalGraph();

    const xml = await sut.build(graph, { historyTimeToLiveDays: 90 });

    for (const id of [...graph.nodes, ...graph.boundaries, ...graph.flows].map((e) => e.id))
      expect(xml).toContain(`bpmnElement="${id}"`);
  });

  it('escapes names so that markup stays text and the XML parses back', async () => {
    const graph = approvalGraph();
    graph.name = '</bpmn:process><script>alert("x")</script> & ]]>';
    graph.nodes = graph.nodes.map((n) =>
      n.id === 'notify' ? { ...n, name: '<b>Notify</b> "requester" & \'co\'' } : n,
    );

    const xml = await sut.build(graph, { historyTimeToLiveDays: 90 });
    const { rootElement, warnings } = await createBpmnModdle().fromXML(xml);

    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<b>');
    expect(warnings).toEqual([]);
    const process = (
      rootElement.rootElements as {
        $type: string;
        name: string;
        flowElements: { id: string; name: string }[];
      }[]
    )[0];
    expect(process.name).toBe(graph.name);
    expect(process.flowElements.find((e) => e.id === 'notify')?.name).toBe(
      '<b>Notify</b> "requester" & \'co\'',
    );
  });

  it('defines messages, errors and escalations once each, with ids that do not collide', async () => {
    const graph = approvalGraph();
    graph.nodes.push(
      { id: 'wait1', kind: 'messageCatch', name: 'Wait', message: 'Order paid' },
      { id: 'wait2', kind: 'messageCatch', name: 'Wait again', message: 'Order paid' },
      { id: 'wait3', kind: 'messageCatch', name: 'Wait more', message: 'Order-paid' },
    );

    const xml = await sut.build(graph, { historyTimeToLiveDays: 90 });

    expect(xml.match(/<bpmn:message /g)).toHaveLength(2);
    expect(xml).toContain('id="Message_Order_paid" name="Order paid"');
    expect(xml).toContain('id="Message_Order_paid_2" name="Order-paid"');
  });
});
