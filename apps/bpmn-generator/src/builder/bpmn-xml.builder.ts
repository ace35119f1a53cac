import { Boundary, Flow, GraphNode, ProcessGraph, Timer } from '../graph/process-graph';
import { associationIdOf, DiagramLayout, layoutGraph } from '../layout/layered-layout';
import { BpmnModdle, createBpmnModdle, ModdleElement } from './bpmn-moddle.adapter';

export interface BuildOptions {
  /** camunda:historyTimeToLive in days (Camunda 7.20+ refuses definitions without one by default). */
  historyTimeToLiveDays: number;
}

/**
 * Graph → BPMN 2.0 XML with Camunda 7 extensions and a diagram. Every text
 * goes in through moddle attributes and bodies, which the serializer escapes,
 * so a name like `</bpmn:process>` stays a name.
 */
export class BpmnXmlBuilder {
  private readonly moddle: BpmnModdle = createBpmnModdle();

  async build(graph: ProcessGraph, options: BuildOptions): Promise<string> {
    const definitions = this.definitions(graph, options, layoutGraph(graph));
    const { xml } = await this.moddle.toXML(definitions, { format: true });
    return xml;
  }

  private definitions(graph: ProcessGraph, options: BuildOptions, layout: DiagramLayout): ModdleElement {
    const m = this.moddle;
    const rootElements: ModdleElement[] = [];
    const messages = new Map<string, ModdleElement>();
    const errors = new Map<string, ModdleElement>();
    const escalations = new Map<string, ModdleElement>();
    const used = new Set<string>([...graph.nodes, ...graph.flows, ...graph.boundaries].map((e) => e.id));
    const idFor = (prefix: string, text: string) => {
      let id = `${prefix}_${slug(text)}`;
      for (let n = 2; used.has(id); n++) id = `${prefix}_${slug(text)}_${n}`;
      used.add(id);
      return id;
    };
    const messageRef = (name: string) =>
      refFor(
        messages,
        name,
        () => m.create('bpmn:Message', { id: idFor('Message', name), name }),
        rootElements,
      );
    const errorRef = (code: string) =>
      refFor(
        errors,
        code,
        () => m.create('bpmn:Error', { id: idFor('Error', code), name: code, errorCode: code }),
        rootElements,
      );
    const escalationRef = (code: string) =>
      refFor(
        escalations,
        code,
        () =>
          m.create('bpmn:Escalation', { id: idFor('Escalation', code), name: code, escalationCode: code }),
        rootElements,
      );
    const refs = { messageRef, errorRef, escalationRef };

    const elements = new Map<string, ModdleElement>();
    const flowElements: ModdleElement[] = [];
    for (const node of graph.nodes) {
      const element = this.flowNode(node, refs);
      elements.set(node.id, element);
      flowElements.push(element);
    }
    for (const boundary of graph.boundaries) {
      const element = this.boundaryEvent(boundary, elements, refs);
      elements.set(boundary.id, element);
      flowElements.push(element);
    }
    for (const flow of graph.flows) {
      const element = this.sequenceFlow(flow, elements);
      elements.set(flow.id, element);
      flowElements.push(element);
    }
    const artifacts = graph.boundaries.flatMap((b) => {
      if (b.event.type !== 'compensation') return [];
      const association = m.create('bpmn:Association', {
        id: associationIdOf(b.id),
        associationDirection: 'One',
        sourceRef: elements.get(b.id),
        targetRef: elements.get(b.event.handler),
      });
      elements.set(association.id as string, association);
      return [association];
    });

    const process = m.create('bpmn:Process', {
      id: graph.processId,
      name: graph.name,
      isExecutable: true,
      'camunda:historyTimeToLive': String(options.historyTimeToLiveDays),
      flowElements,
      artifacts,
    });
    rootElements.unshift(process);
    const diagram = this.diagram(process, elements, layout);
    const definitions = m.create('bpmn:Definitions', {
      id: `Definitions_${slug(graph.processId)}`,
      targetNamespace: 'http://bpmn.io/schema/bpmn',
      exporter: 'Flowpilot bpmn-generator',
      exporterVersion: '1',
      rootElements,
      diagrams: [diagram],
    });
    // Tells Camunda Modeler which engine the model targets, so it opens in Camunda 7 mode.
    Object.assign(definitions.$attrs as Record<string, string>, {
      'xmlns:modeler': 'http://camunda.org/schema/modeler/1.0',
      'modeler:executionPlatform': 'Camunda Platform',
      'modeler:executionPlatformVersion': '7.24.0',
    });
    return definitions;
  }

  private flowNode(node: GraphNode, refs: References): ModdleElement {
    const m = this.moddle;
    const common = { id: node.id, name: node.name };
    switch (node.kind) {
      case 'start': {
        const definitions =
          node.trigger.type === 'timer'
            ? [this.timerDefinition(node.trigger.timer)]
            : node.trigger.type === 'message'
              ? [
                  m.create('bpmn:MessageEventDefinition', {
                    messageRef: refs.messageRef(node.trigger.message),
                  }),
                ]
              : [];
        return m.create('bpmn:StartEvent', { ...common, eventDefinitions: definitions });
      }
      case 'end': {
        const r = node.result;
        const definitions =
          r.type === 'error'
            ? [m.create('bpmn:ErrorEventDefinition', { errorRef: refs.errorRef(r.code) })]
            : r.type === 'escalation'
              ? [m.create('bpmn:EscalationEventDefinition', { escalationRef: refs.escalationRef(r.code) })]
              : r.type === 'terminate'
                ? [m.create('bpmn:TerminateEventDefinition')]
                : [];
        return m.create('bpmn:EndEvent', { ...common, eventDefinitions: definitions });
      }
      case 'serviceTask': {
        const extensions: ModdleElement[] = [];
        if (node.retry) {
          extensions.push(
            m.create('camunda:FailedJobRetryTimeCycle', {
              body: `R${node.retry.times}/${node.retry.interval}`,
            }),
          );
          // External tasks take their retries from the worker; these properties tell it the policy.
          extensions.push(
            m.create('camunda:Properties', {
              values: [
                m.create('camunda:Property', { name: 'retries', value: String(node.retry.times) }),
                m.create('camunda:Property', { name: 'retryInterval', value: node.retry.interval }),
              ],
            }),
          );
        }
        const task = m.create('bpmn:ServiceTask', {
          ...common,
          'camunda:type': 'external',
          'camunda:topic': node.topic,
          ...(node.retry ? { 'camunda:asyncBefore': true } : {}),
          ...(node.forCompensation ? { isForCompensation: true } : {}),
          ...(extensions.length > 0
            ? { extensionElements: m.create('bpmn:ExtensionElements', { values: extensions }) }
            : {}),
        });
        if (node.multiInstance) {
          task.loopCharacteristics = m.create('bpmn:MultiInstanceLoopCharacteristics', {
            isSequential: node.multiInstance.sequential,
            'camunda:collection': node.multiInstance.collection,
            'camunda:elementVariable': node.multiInstance.elementVariable,
          });
        }
        return task;
      }
      case 'userTask': {
        const fields = node.formFields.map((f) =>
          m.create('camunda:FormField', { id: f.id, label: f.label, type: f.type }),
        );
        return m.create('bpmn:UserTask', {
          ...common,
          'camunda:candidateGroups': node.candidateGroups.join(','),
          ...(fields.length > 0
            ? {
                extensionElements: m.create('bpmn:ExtensionElements', {
                  values: [m.create('camunda:FormData', { fields })],
                }),
              }
            : {}),
        });
      }
      case 'exclusiveGateway':
        return m.create('bpmn:ExclusiveGateway', common);
      case 'parallelGateway':
        return m.create('bpmn:ParallelGateway', common);
      case 'eventBasedGateway':
        return m.create('bpmn:EventBasedGateway', common);
      case 'timerCatch':
        return m.create('bpmn:IntermediateCatchEvent', {
          ...common,
          eventDefinitions: [this.timerDefinition(node.timer)],
        });
      case 'messageCatch':
        return m.create('bpmn:IntermediateCatchEvent', {
          ...common,
          eventDefinitions: [
            m.create('bpmn:MessageEventDefinition', { messageRef: refs.messageRef(node.message) }),
          ],
        });
      case 'escalationThrow':
        return m.create('bpmn:IntermediateThrowEvent', {
          ...common,
          eventDefinitions: [
            m.create('bpmn:EscalationEventDefinition', { escalationRef: refs.escalationRef(node.code) }),
          ],
        });
      case 'compensationThrow':
        return m.create('bpmn:IntermediateThrowEvent', {
          ...common,
          eventDefinitions: [m.create('bpmn:CompensateEventDefinition', { waitForCompletion: true })],
        });
    }
  }

  private boundaryEvent(
    boundary: Boundary,
    elements: Map<string, ModdleElement>,
    refs: References,
  ): ModdleElement {
    const m = this.moddle;
    const e = boundary.event;
    const definition =
      e.type === 'timer'
        ? this.timerDefinition(e.timer)
        : e.type === 'error'
          ? m.create('bpmn:ErrorEventDefinition', { errorRef: refs.errorRef(e.code) })
          : e.type === 'escalation'
            ? m.create('bpmn:EscalationEventDefinition', { escalationRef: refs.escalationRef(e.code) })
            : e.type === 'message'
              ? m.create('bpmn:MessageEventDefinition', { messageRef: refs.messageRef(e.message) })
              : m.create('bpmn:CompensateEventDefinition');
    const interrupting = e.type === 'error' || e.type === 'compensation' ? true : e.interrupting;
    return m.create('bpmn:BoundaryEvent', {
      id: boundary.id,
      name: boundary.name,
      attachedToRef: elements.get(boundary.attachedTo),
      cancelActivity: interrupting,
      eventDefinitions: [definition],
    });
  }

  private sequenceFlow(flow: Flow, elements: Map<string, ModdleElement>): ModdleElement {
    const source = elements.get(flow.source) as ModdleElement;
    const target = elements.get(flow.target) as ModdleElement;
    const element = this.moddle.create('bpmn:SequenceFlow', {
      id: flow.id,
      ...(flow.name ? { name: flow.name } : {}),
      sourceRef: source,
      targetRef: target,
      ...(flow.condition
        ? { conditionExpression: this.moddle.create('bpmn:FormalExpression', { body: flow.condition }) }
        : {}),
    });
    // Readers (bpmnlint, the engine's parser) follow incoming/outgoing references, which moddle does not infer.
    pushRef(source, 'outgoing', element);
    pushRef(target, 'incoming', element);
    if (flow.isDefault) source.default = element;
    return element;
  }

  private timerDefinition(timer: Timer): ModdleElement {
    const expression = this.moddle.create('bpmn:FormalExpression', { body: timer.value });
    return this.moddle.create(
      'bpmn:TimerEventDefinition',
      timer.kind === 'cycle' ? { timeCycle: expression } : { timeDuration: expression },
    );
  }

  private diagram(
    process: ModdleElement,
    elements: Map<string, ModdleElement>,
    layout: DiagramLayout,
  ): ModdleElement {
    const m = this.moddle;
    const planeElement: ModdleElement[] = [];
    for (const [id, bounds] of layout.shapes) {
      const element = elements.get(id);
      if (!element) continue;
      planeElement.push(
        m.create('bpmndi:BPMNShape', {
          id: `${id}_di`,
          bpmnElement: element,
          bounds: m.create('dc:Bounds', { ...bounds }),
          ...(layout.labels.has(id)
            ? {
                label: m.create('bpmndi:BPMNLabel', {
                  bounds: m.create('dc:Bounds', { ...layout.labels.get(id) }),
                }),
              }
            : {}),
          ...(element.$type === 'bpmn:ExclusiveGateway' ? { isMarkerVisible: true } : {}),
        }),
      );
    }
    for (const [id, points] of layout.edges) {
      const element = elements.get(id);
      if (!element) continue;
      planeElement.push(
        m.create('bpmndi:BPMNEdge', {
          id: `${id}_di`,
          bpmnElement: element,
          waypoint: points.map((p) => m.create('dc:Point', { x: Math.round(p.x), y: Math.round(p.y) })),
        }),
      );
    }
    return m.create('bpmndi:BPMNDiagram', {
      id: `Diagram_${slug(String(process.id))}`,
      plane: m.create('bpmndi:BPMNPlane', {
        id: `Plane_${slug(String(process.id))}`,
        bpmnElement: process,
        planeElement,
      }),
    });
  }
}

interface References {
  messageRef(name: string): ModdleElement;
  errorRef(code: string): ModdleElement;
  escalationRef(code: string): ModdleElement;
}

function refFor(
  cache: Map<string, ModdleElement>,
  key: string,
  create: () => ModdleElement,
  roots: ModdleElement[],
): ModdleElement {
  let element = cache.get(key);
  if (!element) {
    element = create();
    cache.set(key, element);
    roots.push(element);
  }
  return element;
}

function pushRef(element: ModdleElement, property: 'incoming' | 'outgoing', value: ModdleElement): void {
  const list = (element.get(property) as ModdleElement[] | undefined) ?? [];
  list.push(value);
}

/** An XML-id-safe fragment for derived ids (message, error and escalation names are free text). */
export function slug(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return cleaned.length > 0 ? cleaned : 'x';
}
