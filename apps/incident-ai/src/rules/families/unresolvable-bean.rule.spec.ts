import { contextOf, processXml } from '../rule-context.fixture';
import { UnresolvableBeanRule } from './unresolvable-bean.rule';

const sut = new UnresolvableBeanRule();

describe('UnresolvableBeanRule', () => {
  it('recognises a delegate expression target in the model even with a variable-like name', () => {
    const xml = processXml('<bpmn:serviceTask id="send" camunda:delegateExpression="${mailer}" />');
    const verdict = sut.evaluate(
      contextOf(
        {
          message:
            "Unknown property used in expression: ${mailer}. Cause: Cannot resolve identifier 'mailer'",
          activityId: 'send',
        },
        xml,
      ),
    );

    expect(verdict).toMatchObject({
      family: 'unresolvable-bean',
      remediation: { action: 'retry-after-fix', retries: 1 },
      snippet: { code: expect.stringContaining('@Component("mailer")') },
    });
    expect(verdict!.evidence).toContainEqual(
      expect.objectContaining({
        source: 'model',
        excerpt: expect.stringContaining('camunda:delegateExpression: ${mailer}'),
      }),
    );
  });

  it('recognises a bean-named method target without a model, and a delegate of the wrong type', () => {
    expect(
      sut.evaluate(
        contextOf({
          message:
            "Unknown property used in expression: ${notABean.call()}. Cause: Cannot resolve identifier 'notABean'",
        }),
      )?.family,
    ).toBe('unresolvable-bean');
    expect(
      sut.evaluate(
        contextOf({
          message:
            'Delegate expression ${mailSender} did not resolve to an implementation of interface org.camunda.bpm.engine.delegate.JavaDelegate',
        }),
      ),
    ).toMatchObject({
      rootCause: expect.stringContaining('does not implement org.camunda.bpm.engine.delegate.JavaDelegate'),
    });
  });

  it('leaves plain variables to the missing-variable rule', () => {
    expect(
      sut.evaluate(
        contextOf({
          message:
            "Unknown property used in expression: ${approved}. Cause: Cannot resolve identifier 'approved'",
        }),
      ),
    ).toBeNull();
  });
});
