const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://flowpilot.test/malformed"';

const definitions = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions ${NS} id="defs">${body}</bpmn:definitions>`;

const process = (id: string, inner: string) =>
  `<bpmn:process id="${id}" isExecutable="true" camunda:historyTimeToLive="1">${inner}</bpmn:process>`;

/** A minimal executable model: start → end. */
export function validBpmn(processId: string): string {
  return definitions(
    process(
      processId,
      '<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>' +
        '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"/>' +
        '<bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>',
    ),
  );
}

export interface MalformedBpmn {
  name: string;
  xml: string;
  /** What the 400's message must say. */
  reason: RegExp;
}

/** Documents that are not well-formed BPMN 2.0, each with the process id it would deploy under. */
export function malformedBpmn(processIdOf: (name: string) => string): MalformedBpmn[] {
  const laughs = Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
  ).join('');
  return [
    { name: 'not-xml', xml: 'this is not XML at all { "json": true }', reason: /not BPMN 2\.0 XML|parse/i },
    {
      name: 'billion-laughs',
      xml: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${laughs}]>${definitions(
        process(processIdOf('billion-laughs'), '<bpmn:startEvent id="s" name="&lol9;"/>'),
      ).replace(/^<\?xml[^>]*>\n/, '')}`,
      reason: /DOCTYPE/,
    },
    {
      name: 'external-entity',
      xml: `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${definitions(
        process(processIdOf('external-entity'), '<bpmn:startEvent id="s" name="&xxe;"/>'),
      ).replace(/^<\?xml[^>]*>\n/, '')}`,
      reason: /DOCTYPE/,
    },
    {
      name: 'truncated',
      xml: validBpmn(processIdOf('truncated')).slice(0, 260),
      reason: /unclosed|parse|not BPMN/i,
    },
    {
      name: 'unknown-elements',
      xml: definitions(
        process(
          processIdOf('unknown-elements'),
          '<bpmn:startEvent id="s"/><bpmn:teleporter id="t"/><x:gadget xmlns:x="urn:x" id="g"/>',
        ),
      ),
      reason: /unknown type|unrecognized element/,
    },
    {
      name: 'duplicate-ids',
      xml: definitions(
        process(processIdOf('duplicate-ids'), '<bpmn:startEvent id="same"/><bpmn:endEvent id="same"/>'),
      ),
      reason: /duplicate ID/,
    },
    {
      name: 'dangling-sequence-flow',
      xml: definitions(
        process(
          processIdOf('dangling-sequence-flow'),
          '<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="nowhere"/>',
        ),
      ),
      reason: /unresolved reference/,
    },
    {
      name: 'wrong-namespace',
      xml: `<?xml version="1.0"?><definitions xmlns="urn:not-bpmn"><process id="${processIdOf('wrong-namespace')}"/></definitions>`,
      reason: /unparsable|unrecognized|not BPMN|parse/i,
    },
  ];
}

/** Definitions without any process: well-formed BPMN that nothing can be built from. */
export function bpmnWithoutProcess(): string {
  return definitions('');
}
