import { contextOf, processXml } from '../rule-context.fixture';
import { NoOutgoingFlowRule } from './no-outgoing-flow.rule';

const sut = new NoOutgoingFlowRule();
const message =
  "ENGINE-02004 No outgoing sequence flow for the element with id 'route' could be selected for continuing the process.";

describe('NoOutgoingFlowRule', () => {
  it('lists the gateway conditions and proposes setting the variables they read', () => {
    const xml = processXml(
      '<bpmn:exclusiveGateway id="route" />',
      `<bpmn:sequenceFlow id="eu" sourceRef="route" targetRef="x"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${region == 'EU' &amp;&amp; priority &gt; 2}</bpmn:conditionExpression></bpmn:sequenceFlow>`,
      `<bpmn:sequenceFlow id="us" sourceRef="route" targetRef="x"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${region == 'US'}</bpmn:conditionExpression></bpmn:sequenceFlow>`,
    );
    const verdict = sut.evaluate(contextOf({ message, activityId: 'route' }, xml));

    expect(verdict).toMatchObject({
      family: 'no-outgoing-flow',
      remediation: {
        action: 'set-variable',
        variables: {
          region: { type: 'String', value: null, valueRequired: true },
          priority: { type: 'Long', value: null, valueRequired: true },
        },
      },
      snippet: { language: 'bpmn-xml', code: expect.stringContaining('default="route_otherwise"') },
    });
    expect(verdict!.evidence.filter((e) => e.source === 'model').map((e) => e.excerpt)).toEqual([
      'sequenceFlow "eu" → x: ${region == \'EU\' && priority > 2}',
      'sequenceFlow "us" → x: ${region == \'US\'}',
    ]);
  });

  it('still explains the incident without the model', () => {
    expect(sut.evaluate(contextOf({ message }))).toMatchObject({
      family: 'no-outgoing-flow',
      remediation: { action: 'retry-after-fix' },
    });
  });
});
