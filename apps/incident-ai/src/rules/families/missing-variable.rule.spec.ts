import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { contextOf, processXml } from '../rule-context.fixture';
import { MissingVariableRule } from './missing-variable.rule';

const sut = new MissingVariableRule();
const message = (expression: string, id: string) =>
  `Unknown property used in expression: ${expression}. Cause: Cannot resolve identifier '${id}'`;

describe('MissingVariableRule', () => {
  it('explains a missing variable from the message alone, with set-variable then retry', () => {
    const verdict = sut.evaluate(contextOf({ message: message('${missingVar}', 'missingVar') }));

    expect(verdict).toMatchObject({
      family: 'missing-variable',
      remediation: {
        action: 'set-variable',
        retries: 1,
        variables: { missingVar: { value: null, type: 'String', valueRequired: true } },
      },
      snippet: { language: 'expression', code: "${execution.getVariable('missingVar')}" },
    });
    expect(verdict!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(verdict!.evidence[0]).toMatchObject({
      source: 'message',
      excerpt: expect.stringContaining("Cannot resolve identifier 'missingVar'"),
    });
  });

  it('points at the gateway condition in the deployed model and infers the type from the comparison', () => {
    const xml = processXml(
      '<bpmn:exclusiveGateway id="gw" />',
      '<bpmn:sequenceFlow id="big" sourceRef="gw" targetRef="x"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${amount &gt; 1000}</bpmn:conditionExpression></bpmn:sequenceFlow>',
    );
    const verdict = sut.evaluate(
      contextOf({ message: message('${amount > 1000}', 'amount'), activityId: 'gw' }, xml),
    );

    expect(verdict!.remediation.variables).toEqual({
      amount: { value: null, type: 'Long', valueRequired: true },
    });
    expect(verdict!.evidence).toContainEqual(
      expect.objectContaining({
        source: 'model',
        excerpt: expect.stringContaining('sequenceFlow "big" conditionExpression'),
      }),
    );
    expect(verdict!.snippet).toMatchObject({
      language: 'bpmn-xml',
      code: expect.stringContaining("execution.hasVariable('amount') &amp;&amp; (amount &gt; 1000)"),
    });
  });

  it('treats an unknown object with a method call as a variable, less surely (the e2e model)', () => {
    const xml = readFileSync(
      resolve(__dirname, '../../../../../test/fixtures/bpmn/e2e-missing-variable.bpmn'),
      'utf8',
    );
    const verdict = sut.evaluate(
      contextOf(
        {
          message: message('${customerTier.discountFor(orderTotal)}', 'customerTier'),
          activityId: 'computeDiscount',
        },
        xml,
      ),
    );

    expect(verdict).toMatchObject({
      family: 'missing-variable',
      remediation: { action: 'set-variable', variables: { customerTier: { type: 'Json' } } },
    });
    expect(verdict!.confidence).toBeLessThan(0.9);
    expect(verdict!.evidence).toContainEqual(
      expect.objectContaining({
        source: 'activityType',
        excerpt: expect.stringContaining('serviceTask "computeDiscount"'),
      }),
    );
  });

  it('leaves a bean-like identifier and other messages to other rules', () => {
    expect(sut.evaluate(contextOf({ message: message('${notABean.call()}', 'notABean') }))).toBeNull();
    expect(sut.evaluate(contextOf({ message: 'Connection refused' }))).toBeNull();
  });
});
