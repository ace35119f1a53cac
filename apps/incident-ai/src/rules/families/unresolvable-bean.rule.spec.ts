import { contextOf, operatonProcessXml, processXml } from '../rule-context.fixture';
import { UnresolvableBeanRule } from './unresolvable-bean.rule';

const sut = new UnresolvableBeanRule();

/** The engine's message when the `send` task's expression `${mailer}` names nothing it can resolve. */
const mailerUnresolvedIn = (xml: string) =>
  sut.evaluate(
    contextOf(
      {
        message: "Unknown property used in expression: ${mailer}. Cause: Cannot resolve identifier 'mailer'",
        activityId: 'send',
      },
      xml,
    ),
  );

describe('UnresolvableBeanRule', () => {
  it('recognises a delegate expression target in the model even with a variable-like name', () => {
    const xml = processXml('<bpmn:serviceTask id="send" camunda:delegateExpression="${mailer}" />');
    const verdict = mailerUnresolvedIn(xml);

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

  describe('a delegate expression that resolves to something that is not a delegate (ENGINE-02033)', () => {
    // Word for word what Camunda 7.24 says for camunda:delegateExpression="${mailer}" with a String variable 'mailer'.
    const message =
      "ENGINE-02033 Delegate Expression '${mailer}' did neither resolve to an implementation of 'interface org.camunda.bpm.engine.impl.pvm.delegate.ActivityBehavior' nor 'interface org.camunda.bpm.engine.delegate.JavaDelegate'.";

    it('names the shadowing variable or the wrong bean type, points at the model and sketches the delegate bean', () => {
      const xml = processXml('<bpmn:serviceTask id="send" camunda:delegateExpression="${mailer}" />');

      const verdict = sut.evaluate(contextOf({ message, activityId: 'send' }, xml));

      expect(verdict).toMatchObject({
        family: 'unresolvable-bean',
        rootCause: expect.stringContaining(
          "a process variable named 'mailer' shadows the bean of that name (variables are resolved before beans), or the bean 'mailer' is of another type",
        ),
        remediation: { action: 'retry-after-fix', retries: 1 },
        snippet: {
          language: 'java',
          code: expect.stringContaining('@Component("mailer")\npublic class Mailer implements JavaDelegate'),
        },
      });
      expect(verdict!.confidence).toBeGreaterThanOrEqual(0.92);
      expect(verdict!.fixSteps.join('\n')).toContain('GET /process-instance/{id}/variables/mailer');
      expect(verdict!.evidence).toContainEqual(
        expect.objectContaining({
          source: 'model',
          excerpt: 'serviceTask "send" camunda:delegateExpression: ${mailer}',
        }),
      );
    });

    it('explains an engine-bound name such as ${execution} as no delegate at all', () => {
      const verdict = sut.evaluate(contextOf({ message: message.replace('${mailer}', '${execution}') }));

      expect(verdict).toMatchObject({
        family: 'unresolvable-bean',
        rootCause: expect.stringContaining("resolves to the engine's own 'execution' object"),
        snippet: { code: expect.stringContaining('@Component("myDelegate")') },
      });
      expect(verdict!.fixSteps[0]).toContain('camunda:expression="${bean.method(execution)}"');
    });

    it("sketches a listener for a listener's delegate expression, in the engine's own packages", () => {
      const verdict = sut.evaluate(
        contextOf({
          message:
            'Delegate expression ${auditListener} did not resolve to an implementation of interface org.operaton.bpm.engine.delegate.ExecutionListener',
        }),
      );

      expect(verdict?.snippet?.code).toContain('public class AuditListener implements ExecutionListener');
      expect(verdict?.snippet?.code).toContain('import org.operaton.bpm.engine.delegate.DelegateExecution;');
      expect(verdict?.rootCause).toContain('org.operaton.bpm.engine.delegate.ExecutionListener');
    });
  });

  it("finds the delegate expression of a model written in Operaton's namespace", () => {
    const xml = operatonProcessXml('<bpmn:serviceTask id="send" operaton:delegateExpression="${mailer}" />');

    const verdict = mailerUnresolvedIn(xml);

    expect(verdict).toMatchObject({
      family: 'unresolvable-bean',
      snippet: { code: expect.stringContaining('import org.operaton.bpm.engine.delegate.JavaDelegate;') },
    });
    expect(verdict!.fixSteps.join('\n')).toContain('For operaton:delegateExpression the bean must implement');
  });
});
