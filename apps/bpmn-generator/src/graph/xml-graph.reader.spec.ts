import { approvalGraph } from '../testing/graph-fixtures';
import { BpmnXmlBuilder } from '../builder/bpmn-xml.builder';
import { createBpmnModdle } from '../builder/bpmn-moddle.adapter';
import { compensation } from '../enhance/enhancement-passes';
import { graphFromDefinitions, UnsupportedModelError } from './xml-graph.reader';
import { ProcessGraph } from './process-graph';

async function roundTrip(graph: ProcessGraph): Promise<ProcessGraph> {
  const xml = await new BpmnXmlBuilder().build(graph, { historyTimeToLiveDays: 30 });
  const { rootElement } = await createBpmnModdle().fromXML(xml);
  return graphFromDefinitions(rootElement);
}

const sorted = (graph: ProcessGraph) => ({
  ...graph,
  nodes: [...graph.nodes].sort((a, b) => a.id.localeCompare(b.id)),
  flows: [...graph.flows].sort((a, b) => a.id.localeCompare(b.id)),
  boundaries: [...graph.boundaries].sort((a, b) => a.id.localeCompare(b.id)),
});

describe('graphFromDefinitions', () => {
  it('reads back the graph the builder wrote', async () => {
    const graph = approvalGraph();
    graph.nodes = graph.nodes.map((n) =>
      n.id === 'check' ? { ...n, retry: { times: 2, interval: 'PT5M' } } : n,
    );

    const sut = await roundTrip(graph);

    expect(sorted(sut)).toEqual(sorted(graph));
  });

  it('reads compensation handlers through their association', async () => {
    const graph = compensation({
      ...approvalGraph(),
      nodes: approvalGraph().nodes.map((n) => (n.id === 'check' ? { ...n, name: 'Book room' } : n)),
    }).graph;

    const sut = await roundTrip(graph);

    expect(sut.boundaries.filter((b) => b.event.type === 'compensation')).toEqual(
      graph.boundaries.filter((b) => b.event.type === 'compensation'),
    );
  });

  it('refuses models whose behaviour it could not rebuild', async () => {
    const xml = `<?xml version="1.0"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
        <bpmn:process id="p" isExecutable="true">
          <bpmn:startEvent id="s"/>
          <bpmn:serviceTask id="java" camunda:class="com.acme.Delegate"/>
          <bpmn:scriptTask id="script" scriptFormat="groovy"/>
        </bpmn:process>
      </bpmn:definitions>`;
    const { rootElement } = await createBpmnModdle().fromXML(xml);

    expect(() => graphFromDefinitions(rootElement)).toThrow(UnsupportedModelError);
    expect(() => graphFromDefinitions(rootElement)).toThrow(
      /java: service task with a Java or expression implementation; script: ScriptTask/,
    );
  });
});
