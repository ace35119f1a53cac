import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import {
  activityEvidence,
  compact,
  confidenceFor,
  evidenceOf,
  locate,
  modelEvidence,
  remediation,
  sitesContaining,
} from '../rule-kit.util';
import { isBean, readUnresolvedIdentifier } from './unresolved-identifier.util';

const NOT_A_DELEGATE =
  /Delegate expression ([#$]\{[^}]*\}) did not resolve to an implementation of (?:interface )?([\w.]+)/;
const UNKNOWN_METHOD =
  /Unknown method used in expression: ([#$]\{[^}]*\})\. Cause: (?:Cannot find method|Method not found:?) ([\w$]+)[^\n]*?(?:in class ([\w.$]+))?/;
const NO_BEAN = /No bean named '([\w.$-]+)' (?:available|is defined)/;

/** A delegate/expression names a bean (or a bean method) the engine's context cannot find. */
export class UnresolvableBeanRule implements IncidentRule {
  readonly family = 'unresolvable-bean' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const unresolved = readUnresolvedIdentifier(context);
    if (unresolved && isBean(unresolved)) {
      const site = unresolved.sites[0] ?? null;
      const bean = unresolved.identifier;
      return this.verdict(context, {
        confidence: Math.min(0.95, confidenceFor(unresolved.found, 0.85) + (site ? 0.07 : 0)),
        rootCause: `${site ? `${site.location} of ${site.ownerType} "${site.ownerId}"` : 'The expression'} refers to the bean '${bean}' (${unresolved.expression ?? bean}), but no bean or variable of that name exists in the engine's context.`,
        bean,
        evidence: compact([
          evidenceOf(unresolved.found, `'${bean}' is not resolvable.`),
          site && modelEvidence(site, 'Expression that names the bean.'),
        ]),
      });
    }
    const notDelegate = locate(context, NOT_A_DELEGATE);
    if (notDelegate) {
      const site = sitesContaining(context, notDelegate.match[1])[0] ?? null;
      return this.verdict(context, {
        confidence: confidenceFor(notDelegate, 0.92),
        rootCause: `The delegate expression ${notDelegate.match[1]} resolves to an object that does not implement ${notDelegate.match[2]}.`,
        bean: notDelegate.match[1].replace(/^[#$]\{|\}$/g, ''),
        evidence: compact([evidenceOf(notDelegate), site && modelEvidence(site)]),
      });
    }
    const method = locate(context, UNKNOWN_METHOD);
    if (method) {
      const site = sitesContaining(context, method.match[1])[0] ?? null;
      return this.verdict(context, {
        confidence: confidenceFor(method, 0.88),
        rootCause: `The expression ${method.match[1]} calls '${method.match[2]}'${method.match[3] ? ` on ${method.match[3]}` : ''}, which has no method of that name and arity.`,
        bean: method.match[1].replace(/^[#$]\{|\}$/g, ''),
        evidence: compact([evidenceOf(method), site && modelEvidence(site)]),
      });
    }
    const noBean = locate(context, NO_BEAN);
    if (!noBean) return null;
    return this.verdict(context, {
      confidence: confidenceFor(noBean, 0.9),
      rootCause: `The Spring context has no bean named '${noBean.match[1]}'.`,
      bean: noBean.match[1],
      evidence: [evidenceOf(noBean)],
    });
  }

  private verdict(
    context: RuleContext,
    found: { confidence: number; rootCause: string; bean: string; evidence: RuleVerdict['evidence'] },
  ): RuleVerdict {
    const name = found.bean.split(/[.(]/)[0];
    const className = name.charAt(0).toUpperCase() + name.slice(1);
    return {
      family: this.family,
      confidence: found.confidence,
      rootCause: found.rootCause,
      fixSteps: [
        `Register a bean named '${name}' in the application that hosts the engine (e.g. @Component("${name}")) and redeploy it, or correct the name in the model.`,
        'For camunda:delegateExpression the bean must implement JavaDelegate (or ActivityBehavior); for camunda:expression it must have the called method with matching parameters.',
        'After the fix, retry the failed job.',
      ],
      snippet: {
        language: 'java',
        description: `A Spring bean that ${context.element?.camunda.delegateExpression ? 'the delegate expression' : 'the expression'} can resolve.`,
        code: [
          'import org.camunda.bpm.engine.delegate.DelegateExecution;',
          'import org.camunda.bpm.engine.delegate.JavaDelegate;',
          'import org.springframework.stereotype.Component;',
          '',
          `@Component("${name}")`,
          `public class ${className} implements JavaDelegate {`,
          '  @Override',
          '  public void execute(DelegateExecution execution) {',
          '    // the work the service task stands for',
          '  }',
          '}',
        ].join('\n'),
      },
      evidence: compact([
        ...found.evidence,
        activityEvidence(context, 'The activity whose delegate could not be resolved.'),
      ]),
      remediation: remediation.retryAfterFix(
        'Deploy the bean (or a corrected model), then set retries to 1 on the failed job.',
      ),
    };
  }
}
