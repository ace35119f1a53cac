import { DOMParser, Element } from '@xmldom/xmldom';
import { BPMN_EXTENSION_NAMESPACES, BpmnExtensionPrefix } from './engine-flavour.util';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/** Children whose text is evaluated by the engine, so an incident can point at them. */
const EVALUATED_TEXT = new Set([
  'conditionExpression',
  'script',
  'timeDuration',
  'timeDate',
  'timeCycle',
  'inputParameter',
  'outputParameter',
  'expression',
  'string',
  'failedJobRetryTimeCycle',
]);

export interface BpmnElement {
  id: string;
  /** BPMN local name: serviceTask, exclusiveGateway, sequenceFlow, … */
  type: string;
  name: string | null;
  /**
   * Engine extension attributes by local name (class, expression, delegateExpression, topic, type, …),
   * from the `camunda:` namespace or Operaton's `operaton:` one (which Operaton reads first).
   */
  camunda: Record<string, string>;
}

/** One place in the model the engine evaluates: an attribute or an evaluated text, owned by a flow element. */
export interface BpmnSite {
  ownerId: string;
  ownerType: string;
  /**
   * e.g. `camunda:expression`, `conditionExpression`, `camunda:inputParameter[name=total]`, `script`;
   * `operaton:…` where the model uses Operaton's namespace.
   */
  location: string;
  value: string;
}

export interface SequenceFlow {
  id: string;
  name: string | null;
  targetRef: string;
  condition: string | null;
}

export interface ScriptDefinition {
  format: string;
  text: string | null;
  resource: string | null;
}

export interface TimerDefinition {
  eventId: string;
  kind: 'timeDuration' | 'timeDate' | 'timeCycle';
  value: string;
}

/** Read-only view of a deployed BPMN 2.0 model: enough to point an incident at its element and expression. */
export class BpmnModel {
  private readonly elements = new Map<string, Element>();
  /** The extension prefix the model itself uses: `operaton` once anything is in Operaton's namespace. */
  readonly extensionPrefix: BpmnExtensionPrefix;

  private constructor(private readonly root: Element) {
    let operaton = false;
    for (const node of all(root)) {
      const id = node.getAttribute('id');
      if (id && node.namespaceURI === BPMN_NS) this.elements.set(id, node);
      operaton ||=
        extensionPrefixOf(node.namespaceURI) === 'operaton' ||
        extensionAttributes(node).some((a) => a.prefix === 'operaton');
    }
    this.extensionPrefix = operaton ? 'operaton' : 'camunda';
  }

  /** Throws on XML that is not well formed. */
  static parse(xml: string): BpmnModel {
    const document = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml');
    if (!document.documentElement) throw new Error('BPMN XML has no root element');
    return new BpmnModel(document.documentElement);
  }

  element(id: string): BpmnElement | null {
    const node = this.elements.get(id);
    return node ? describe(node) : null;
  }

  /** Every engine-evaluated attribute and text in the model, each with the flow element that owns it. */
  sites(): BpmnSite[] {
    const sites: BpmnSite[] = [];
    for (const node of all(this.root)) {
      const owner = this.ownerOf(node);
      if (!owner) continue;
      const ownerId = owner.getAttribute('id') ?? '';
      const ownerType = owner.localName ?? '';
      const path = node === owner ? '' : `${prefixed(node)}${qualifier(node)} `;
      for (const attribute of extensionAttributes(node)) {
        sites.push({
          ownerId,
          ownerType,
          location: `${path}${attribute.prefix}:${attribute.name}`.trim(),
          value: attribute.value,
        });
      }
      if (node.localName && EVALUATED_TEXT.has(node.localName) && node !== owner) {
        const text = textOf(node);
        if (text)
          sites.push({ ownerId, ownerType, location: `${prefixed(node)}${qualifier(node)}`, value: text });
      }
    }
    return sites;
  }

  sitesOf(elementId: string): BpmnSite[] {
    return this.sites().filter((s) => s.ownerId === elementId);
  }

  outgoingFlows(elementId: string): SequenceFlow[] {
    return [...this.elements.values()]
      .filter((n) => n.localName === 'sequenceFlow' && n.getAttribute('sourceRef') === elementId)
      .map((n) => {
        const condition = childrenNamed(n, 'conditionExpression')[0];
        return {
          id: n.getAttribute('id') ?? '',
          name: n.getAttribute('name') || null,
          targetRef: n.getAttribute('targetRef') ?? '',
          condition: condition ? textOf(condition) : null,
        };
      });
  }

  defaultFlow(elementId: string): string | null {
    return this.elements.get(elementId)?.getAttribute('default') || null;
  }

  script(elementId: string): ScriptDefinition | null {
    const node = this.elements.get(elementId);
    if (!node || node.localName !== 'scriptTask') return null;
    const script = childrenNamed(node, 'script')[0];
    return {
      format: node.getAttribute('scriptFormat') ?? '',
      text: script ? textOf(script) : null,
      resource: describe(node).camunda.resource || null,
    };
  }

  /** Timers of the element itself (a timer event) and of timer boundary events attached to it. */
  timers(elementId: string): TimerDefinition[] {
    const events = [...this.elements.values()].filter(
      (n) =>
        n.getAttribute('id') === elementId ||
        (n.localName === 'boundaryEvent' && n.getAttribute('attachedToRef') === elementId),
    );
    const timers: TimerDefinition[] = [];
    for (const event of events) {
      for (const definition of childrenNamed(event, 'timerEventDefinition')) {
        for (const kind of ['timeDuration', 'timeDate', 'timeCycle'] as const) {
          const child = childrenNamed(definition, kind)[0];
          if (child) timers.push({ eventId: event.getAttribute('id') ?? '', kind, value: textOf(child) });
        }
      }
    }
    return timers;
  }

  /** The nearest enclosing BPMN element with an id that is not a definition container. */
  private ownerOf(node: Element): Element | null {
    for (let current: Element | null = node; current; current = parentElement(current)) {
      const local = current.localName;
      if (
        current.namespaceURI === BPMN_NS &&
        current.getAttribute('id') &&
        local !== 'definitions' &&
        !/Definition$/.test(local ?? '')
      ) {
        return local === 'process' && current !== node ? null : current;
      }
    }
    return null;
  }
}

/** A site location names the extension attribute `name` (`camunda:name` or `operaton:name`). */
export function isExtensionLocation(location: string, name: string): boolean {
  return location.endsWith(`camunda:${name}`) || location.endsWith(`operaton:${name}`);
}

function describe(node: Element): BpmnElement {
  const camunda: Record<string, string> = {};
  // Operaton's namespace wins over camunda's for the same attribute, as in Operaton's parser.
  const attributes = extensionAttributes(node).sort((a, b) =>
    a.prefix === b.prefix ? 0 : a.prefix === 'operaton' ? 1 : -1,
  );
  for (const attribute of attributes) camunda[attribute.name] = attribute.value;
  return {
    id: node.getAttribute('id') ?? '',
    type: node.localName ?? '',
    name: node.getAttribute('name') || null,
    camunda,
  };
}

function* all(root: Element): Generator<Element> {
  yield root;
  for (let child = root.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE) yield* all(child as Element);
  }
}

function childrenNamed(node: Element, localName: string): Element[] {
  const out: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE && (child as Element).localName === localName)
      out.push(child as Element);
  }
  return out;
}

function parentElement(node: Element): Element | null {
  const parent = node.parentNode;
  return parent && parent.nodeType === parent.ELEMENT_NODE ? (parent as Element) : null;
}

function textOf(node: Element): string {
  return (node.textContent ?? '').trim();
}

function prefixed(node: Element): string {
  const prefix = extensionPrefixOf(node.namespaceURI);
  return prefix ? `${prefix}:${node.localName}` : (node.localName ?? '');
}

function extensionPrefixOf(namespaceURI: string | null): BpmnExtensionPrefix | null {
  return namespaceURI ? (BPMN_EXTENSION_NAMESPACES.get(namespaceURI) ?? null) : null;
}

function extensionAttributes(node: Element): { prefix: BpmnExtensionPrefix; name: string; value: string }[] {
  const out: { prefix: BpmnExtensionPrefix; name: string; value: string }[] = [];
  for (let i = 0; i < node.attributes.length; i++) {
    const attribute = node.attributes.item(i);
    const prefix = attribute ? extensionPrefixOf(attribute.namespaceURI) : null;
    if (attribute && prefix && attribute.localName)
      out.push({ prefix, name: attribute.localName, value: attribute.value });
  }
  return out;
}

function qualifier(node: Element): string {
  const name = node.getAttribute('name') || node.getAttribute('event');
  return name ? `[${node.hasAttribute('name') ? 'name' : 'event'}=${name}]` : '';
}
