import { createBpmnModdle, ModdleElement } from '../builder/bpmn-moddle.adapter';
import { BpmnXmlBuilder } from '../builder/bpmn-xml.builder';
import { ProcessGraph } from '../graph/process-graph';
import { approvalGraph, chainGraph } from '../testing/graph-fixtures';
import { processCountOf, statsOf, suggestionsFor } from './model-inspector';

async function definitionsOf(graph: ProcessGraph): Promise<ModdleElement> {
  const xml = await new BpmnXmlBuilder().build(graph, { historyTimeToLiveDays: 30 });
  return (await createBpmnModdle().fromXML(xml)).rootElement;
}

describe('model inspector', () => {
  it('counts the processes of the definitions, none when there is only a collaboration or nothing', async () => {
    const moddle = createBpmnModdle();
    const ns =
      'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="http://flowpilot.test"';
    const empty = (await moddle.fromXML(`<bpmn:definitions ${ns} id="d"/>`)).rootElement;
    const messageOnly = (
      await moddle.fromXML(
        `<bpmn:definitions ${ns} id="d"><bpmn:message id="m" name="m"/></bpmn:definitions>`,
      )
    ).rootElement;
    const two = (
      await moddle.fromXML(
        `<bpmn:definitions ${ns} id="d"><bpmn:process id="a"/><bpmn:process id="b"/></bpmn:definitions>`,
      )
    ).rootElement;

    expect(processCountOf(empty)).toBe(0);
    expect(processCountOf(messageOnly)).toBe(0);
    expect(processCountOf(two)).toBe(2);
    expect(processCountOf(await definitionsOf(approvalGraph()))).toBe(1);
  });

  it('counts tasks, gateways, timers, events and conditions of the written model', async () => {
    const sut = statsOf(await definitionsOf(approvalGraph()));

    expect(sut).toEqual({
      userTasks: 1,
      serviceTasks: 3,
      otherTasks: 0,
      gateways: { exclusive: 4, parallel: 0, inclusive: 0, eventBased: 0 },
      timers: [{ elementId: 'sla', placement: 'boundary', kind: 'duration', value: 'P2D' }],
      messageEvents: 0,
      errorEvents: 0,
      escalationEvents: 0,
      compensationEvents: 0,
      conditions: ['${amount > 1000}', '${approved}'],
      sequenceFlows: 12,
    });
  });

  it('suggests error handling, retries, SLAs and compensation where they are missing', async () => {
    const graph = chainGraph('Reserve seats', 'Charge card');
    graph.nodes.push({
      id: 'u',
      kind: 'userTask',
      name: 'Check seating',
      candidateGroups: ['ops'],
      formFields: [],
    });
    graph.flows = graph.flows.map((f) => (f.target === 'end' ? { ...f, target: 'u' } : f));
    graph.flows.push({ id: 'fu', source: 'u', target: 'end' });

    const sut = suggestionsFor(await definitionsOf(graph), []);

    expect(sut.map((s) => [s.kind, s.elementIds])).toEqual([
      ['missing-error-handling', ['t0', 't1']],
      ['missing-retry', ['t0', 't1']],
      ['missing-sla', ['u']],
      ['missing-compensation', ['t0', 't1']],
    ]);
  });

  it('points at repeated and parallelizable steps, and passes lint findings on', async () => {
    const graph = chainGraph(
      'Validate order',
      'Validate order',
      'Send confirmation',
      'Update CRM',
      'Ship order',
    );
    graph.nodes = graph.nodes.map((n) =>
      n.kind === 'serviceTask' ? { ...n, retry: { times: 1, interval: 'PT1M' } } : n,
    );

    const sut = suggestionsFor(await definitionsOf(graph), [
      {
        rule: 'label-required',
        severity: 'error',
        elementId: 't0',
        message: 'Element is missing label/name',
      },
      {
        rule: 'camunda-compat/history-time-to-live',
        severity: 'info',
        elementId: 'Chain',
        message: 'informational',
      },
    ]);

    expect(sut.find((s) => s.kind === 'lint')).toEqual({
      kind: 'lint',
      message: 'label-required: Element is missing label/name',
      elementIds: ['t0'],
    });
    expect(sut.filter((s) => s.kind === 'lint')).toHaveLength(1);
    expect(sut.find((s) => s.kind === 'redundant-step')?.elementIds).toEqual(['t0', 't1']);
    expect(sut.find((s) => s.kind === 'parallelizable')?.elementIds).toEqual(['t2', 't3']);
  });
});
