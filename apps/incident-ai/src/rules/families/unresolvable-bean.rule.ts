import type { Snippet } from '@flowpilot/shared';
import { javaDelegateCode } from '../delegate-snippet.util';
import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import {
  activityEvidence,
  compact,
  confidenceFor,
  evidenceOf,
  extensionPrefix,
  Located,
  locate,
  modelEvidence,
  remediation,
  sitesContaining,
} from '../rule-kit.util';
import { isBean, readUnresolvedIdentifier } from './unresolved-identifier.util';

/**
 * The expression resolved, but to an object the engine cannot call. Service tasks say
 * `ENGINE-02033 Delegate Expression '${x}' did neither resolve to an implementation of
 * 'interface <root>.engine.impl.pvm.delegate.ActivityBehavior' nor 'interface <root>.engine.delegate.JavaDelegate'.`
 * (the same in Camunda 7, Operaton and CIB seven but for the package root); listeners say
 * `Delegate expression ${x} did not resolve to an implementation of interface <root>.engine.delegate.ExecutionListener`.
 */
const NOT_A_DELEGATE =
  /Delegate [Ee]xpression '?([#$]\{[^}]*\})'? did (?:neither|not) resolve to an implementation of '?(?:interface )?([\w.$]+)'?(?: nor '?(?:interface )?([\w.$]+)'?)?/;
/** Names the engine binds in every expression: none of them is a delegate. */
const ENGINE_BOUND = new Set([
  'execution',
  'task',
  'caseExecution',
  'variableScope',
  'authenticatedUserId',
  'processEngine',
]);
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
    if (notDelegate) return this.notADelegate(context, notDelegate);
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

  /**
   * Not a missing bean: the name resolved, to the wrong object. A process variable of the same name
   * wins over a bean (variables are resolved first), an engine-bound name is the engine's own object,
   * and a bean of another type is no delegate either.
   */
  private notADelegate(context: RuleContext, found: Located): RuleVerdict {
    const expression = found.match[1];
    const interfaces = compact([found.match[2], found.match[3]]);
    const javaDelegate =
      interfaces.find((i) => /\.JavaDelegate$/.test(i)) ??
      `${context.flavour.javaPackage}.engine.delegate.JavaDelegate`;
    const listener = interfaces.find((i) => /Listener$/.test(i)) ?? null;
    const body = expression.replace(/^[#$]\{\s*|\s*\}$/g, '');
    const name = /^[A-Za-z_$][\w$]*$/.test(body) ? body : null;
    const engineBound = name !== null && ENGINE_BOUND.has(name);
    const site = sitesContaining(context, expression)[0] ?? null;
    const ns = extensionPrefix(context);
    const wanted = listener ?? `${javaDelegate} (or ActivityBehavior)`;
    const rootCause = engineBound
      ? `The delegate expression ${expression} resolves to the engine's own '${name}' object, which does not implement ${wanted}: the expression names no delegate at all.`
      : name
        ? `The delegate expression ${expression} resolves, but to an object that does not implement ${wanted}: a process variable named '${name}' shadows the bean of that name (variables are resolved before beans), or the bean '${name}' is of another type.`
        : `The delegate expression ${expression} returns an object that does not implement ${wanted}.`;
    const fixSteps = compact([
      engineBound &&
        `Point ${ns}:delegateExpression at a delegate bean (e.g. \${myDelegate}); to call a method with the execution, use ${ns}:expression="\${bean.method(${name})}" instead.`,
      name &&
        !engineBound &&
        `Look for a process variable named '${name}' on the instance (GET /process-instance/{id}/variables/${name}); if there is one, rename the variable or the bean so they no longer collide.`,
      !engineBound &&
        (listener
          ? `Make the bean${name ? ` '${name}'` : ''} implement ${listener}.`
          : `Make the bean${name ? ` '${name}'` : ''} implement ${javaDelegate}, or call its method with ${ns}:expression="\${${name ?? 'bean'}.method(execution)}" instead of ${ns}:delegateExpression.`),
      'Deploy the fix, then retry the failed job.',
    ]);
    return {
      family: this.family,
      confidence: Math.min(0.96, confidenceFor(found, 0.92) + (site ? 0.03 : 0)),
      rootCause,
      fixSteps,
      snippet: this.delegateSnippet(context, engineBound ? 'myDelegate' : (name ?? 'myDelegate'), listener),
      evidence: compact([
        evidenceOf(
          found,
          `${expression} is not a ${listener ? listener.split('.').pop() : 'JavaDelegate or ActivityBehavior'}.`,
        ),
        site && modelEvidence(site, 'The delegate expression.'),
        activityEvidence(context, 'The activity whose delegate is of the wrong type.'),
      ]),
      remediation: remediation.retryAfterFix(
        'Fix the bean, the colliding variable or the model first, then set retries to 1 on the failed job.',
      ),
    };
  }

  private delegateSnippet(context: RuleContext, name: string, listener: string | null): Snippet {
    const className = name.charAt(0).toUpperCase() + name.slice(1);
    if (listener) {
      const simple = listener.split('.').pop() ?? 'ExecutionListener';
      const method =
        simple === 'TaskListener' ? 'notify(DelegateTask task)' : 'notify(DelegateExecution execution)';
      const parameter = simple === 'TaskListener' ? 'DelegateTask' : 'DelegateExecution';
      return {
        language: 'java',
        description: `A Spring bean '${name}' that implements ${listener}, as the listener's delegate expression needs.`,
        code: [
          `import ${context.flavour.javaPackage}.engine.delegate.${parameter};`,
          `import ${listener};`,
          'import org.springframework.stereotype.Component;',
          '',
          `@Component("${name}")`,
          `public class ${className} implements ${simple} {`,
          '  @Override',
          `  public void ${method} {`,
          '    // the work the listener stands for',
          '  }',
          '}',
        ].join('\n'),
      };
    }
    return {
      language: 'java',
      description: `A Spring bean '${name}' that implements ${context.flavour.javaPackage}.engine.delegate.JavaDelegate (${context.flavour.label}), so the delegate expression resolves to a delegate.`,
      code: javaDelegateCode(context.flavour, { className, beanName: name }),
    };
  }

  private verdict(
    context: RuleContext,
    found: { confidence: number; rootCause: string; bean: string; evidence: RuleVerdict['evidence'] },
  ): RuleVerdict {
    const name = found.bean.split(/[.(]/)[0];
    const ns = extensionPrefix(context);
    return {
      family: this.family,
      confidence: found.confidence,
      rootCause: found.rootCause,
      fixSteps: [
        `Register a bean named '${name}' in the application that hosts the engine (e.g. @Component("${name}")) and redeploy it, or correct the name in the model.`,
        `For ${ns}:delegateExpression the bean must implement JavaDelegate (or ActivityBehavior); for ${ns}:expression it must have the called method with matching parameters.`,
        'After the fix, retry the failed job.',
      ],
      snippet: {
        ...this.delegateSnippet(context, name, null),
        description: `A Spring bean that ${context.element?.camunda.delegateExpression ? 'the delegate expression' : 'the expression'} can resolve (${context.flavour.label}).`,
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
