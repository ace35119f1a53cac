import { ReplyFailure } from '@flowpilot/shared';
import { ModelPipeline } from '../generation/model-pipeline';
import { inspectCallerXml } from './caller-xml.gate';

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://flowpilot.test"';
const definitions = (body: string, prolog = '<?xml version="1.0" encoding="UTF-8"?>') =>
  `${prolog}<bpmn:definitions ${NS} id="defs">${body}</bpmn:definitions>`;
const process = (inner: string) =>
  `<bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="1">${inner}</bpmn:process>`;
const START_TO_END =
  '<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>' +
  '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"/>' +
  '<bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>';

async function refusal(xml: string): Promise<ReplyFailure> {
  const error: unknown = await inspectCallerXml(new ModelPipeline({ historyTimeToLiveDays: 30 }), xml).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ReplyFailure)) throw new Error(`expected a ReplyFailure, got ${String(error)}`);
  return error;
}

describe('inspectCallerXml', () => {
  const pipeline = new ModelPipeline({ historyTimeToLiveDays: 30 });

  it('returns the inspection of a well-formed document with a process', async () => {
    const inspection = await inspectCallerXml(pipeline, definitions(process(START_TO_END)));

    expect(inspection.parseWarnings).toEqual([]);
    expect(inspection.definitions.$type).toBe('bpmn:Definitions');
  });

  it('accepts DOCTYPE-looking text inside CDATA (a script body)', async () => {
    const script =
      '<bpmn:scriptTask id="s" scriptFormat="javascript"><bpmn:script><![CDATA[ const page = "<!DOCTYPE html>"; ]]></bpmn:script></bpmn:scriptTask>';

    const inspection = await inspectCallerXml(pipeline, definitions(process(START_TO_END + script)));

    expect(inspection.parseWarnings).toEqual([]);
  });

  it.each([
    ['a DOCTYPE', definitions(process(START_TO_END), '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]>')],
    ['an external entity', definitions(process(START_TO_END), '<!DOCTYPE d SYSTEM "file:///etc/passwd">')],
  ])('refuses %s unread, as invalid-request naming the problem', async (_what, xml) => {
    const error = await refusal(xml);

    expect({ code: error.code, message: error.message, details: error.details }).toEqual({
      code: 'invalid-request',
      message: 'Malformed BPMN XML: DOCTYPE and entity declarations are not allowed in BPMN XML',
      details: { problem: 'doctype', problems: [] },
    });
  });

  it.each([
    ['XML that does not parse', 'this is not XML at all', /not BPMN 2\.0 XML/],
    ['an unknown element', definitions(process('<bpmn:teleporter id="t"/>')), /unknown type|unrecognized/],
    [
      'duplicate ids',
      definitions(process('<bpmn:startEvent id="same"/><bpmn:endEvent id="same"/>')),
      /duplicate ID/,
    ],
    [
      'a dangling reference',
      definitions(
        process('<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="nowhere"/>'),
      ),
      /unresolved reference/,
    ],
  ])('refuses %s as malformed, listing the parser problems', async (_what, xml, reason) => {
    const error = await refusal(xml);

    expect(error).toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/^Malformed BPMN XML: /),
      details: {
        problem: 'malformed-xml',
        problems: expect.arrayContaining([expect.stringMatching(reason)]),
      },
    });
    expect(error.message).toMatch(reason);
  });

  it('refuses definitions without a process', async () => {
    const error = await refusal(definitions(''));

    expect({ code: error.code, message: error.message, details: error.details }).toEqual({
      code: 'invalid-request',
      message: expect.stringContaining('no <process>'),
      details: { problem: 'no-process', processCount: 0 },
    });
  });
});
