import { operatonProcessXml, processXml } from '../rules/rule-context.fixture';
import { BpmnModel } from './bpmn-model';

const xml = processXml(
  `<bpmn:serviceTask id="charge" name="Charge card" camunda:asyncBefore="true" camunda:expression="\${payment.charge(total)}">
     <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="total">\${order.total}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
   </bpmn:serviceTask>`,
  `<bpmn:exclusiveGateway id="gw" default="flowLow" />`,
  `<bpmn:sequenceFlow id="flowHigh" sourceRef="gw" targetRef="charge"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${amount &gt; 1000}</bpmn:conditionExpression></bpmn:sequenceFlow>`,
  `<bpmn:sequenceFlow id="flowLow" sourceRef="gw" targetRef="charge" />`,
  `<bpmn:scriptTask id="calc" scriptFormat="groovy"><bpmn:script>x = y * 2</bpmn:script></bpmn:scriptTask>`,
  `<bpmn:boundaryEvent id="late" attachedToRef="charge"><bpmn:timerEventDefinition id="TimerDef_1"><bpmn:timeDuration>\${delay}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
);

describe('BpmnModel', () => {
  const sut = BpmnModel.parse(xml);

  it('describes an element with its camunda attributes', () => {
    expect(sut.element('charge')).toEqual({
      id: 'charge',
      type: 'serviceTask',
      name: 'Charge card',
      camunda: { asyncBefore: 'true', expression: '${payment.charge(total)}' },
    });
    expect(sut.element('nope')).toBeNull();
  });

  it('lists evaluated attributes and texts with the element that owns them', () => {
    expect(sut.sitesOf('charge')).toEqual([
      { ownerId: 'charge', ownerType: 'serviceTask', location: 'camunda:asyncBefore', value: 'true' },
      {
        ownerId: 'charge',
        ownerType: 'serviceTask',
        location: 'camunda:expression',
        value: '${payment.charge(total)}',
      },
      {
        ownerId: 'charge',
        ownerType: 'serviceTask',
        location: 'camunda:inputParameter[name=total]',
        value: '${order.total}',
      },
    ]);
    expect(sut.sitesOf('flowHigh')).toEqual([
      {
        ownerId: 'flowHigh',
        ownerType: 'sequenceFlow',
        location: 'conditionExpression',
        value: '${amount > 1000}',
      },
    ]);
  });

  it('reads outgoing flows, the default flow, scripts and timers', () => {
    expect(sut.outgoingFlows('gw')).toEqual([
      { id: 'flowHigh', name: null, targetRef: 'charge', condition: '${amount > 1000}' },
      { id: 'flowLow', name: null, targetRef: 'charge', condition: null },
    ]);
    expect(sut.defaultFlow('gw')).toBe('flowLow');
    expect(sut.script('calc')).toEqual({ format: 'groovy', text: 'x = y * 2', resource: null });
    expect(sut.timers('charge')).toEqual([{ eventId: 'late', kind: 'timeDuration', value: '${delay}' }]);
  });

  it("reads Operaton's own namespace like camunda's, and says which the model uses", () => {
    const operaton = BpmnModel.parse(
      operatonProcessXml(
        `<bpmn:serviceTask id="send" operaton:asyncBefore="true" operaton:delegateExpression="\${mailer}">
           <bpmn:extensionElements><operaton:inputOutput><operaton:inputParameter name="to">\${customer.email}</operaton:inputParameter></operaton:inputOutput></bpmn:extensionElements>
         </bpmn:serviceTask>`,
        `<bpmn:scriptTask id="calc" scriptFormat="groovy" operaton:resource="classpath://calc.groovy" />`,
      ),
    );

    expect(operaton.extensionPrefix).toBe('operaton');
    expect(sut.extensionPrefix).toBe('camunda');
    expect(operaton.element('send')?.camunda).toEqual({
      asyncBefore: 'true',
      delegateExpression: '${mailer}',
    });
    expect(operaton.sitesOf('send').map((s) => `${s.location}: ${s.value}`)).toEqual([
      'operaton:asyncBefore: true',
      'operaton:delegateExpression: ${mailer}',
      'operaton:inputParameter[name=to]: ${customer.email}',
    ]);
    expect(operaton.script('calc')).toMatchObject({ resource: 'classpath://calc.groovy' });
  });
});
