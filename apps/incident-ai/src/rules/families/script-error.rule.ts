import type { Snippet } from '@flowpilot/shared';
import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import {
  activityEvidence,
  clip,
  compact,
  confidenceFor,
  evidenceOf,
  extensionPrefix,
  locate,
  remediation,
} from '../rule-kit.util';

const NO_ENGINE = /Can't find scripting engine for '([\w-]+)'/i;
const SCRIPT_FAILURE =
  /ScriptEvaluationException|Unable to evaluate script|ScriptException|ScriptCompilationException|groovy\.lang\.\w+(?:Exception|Error)|org\.codehaus\.groovy\.\w+|org\.graalvm\.polyglot\.PolyglotException|ENGINE-03051|javax\.script\.\w+/;
const NO_SUCH_PROPERTY = /No such property: ([\w$]+)|ReferenceError: "?([\w$]+)"? is not defined/;

/** A script (task, listener, condition, mapping) failed to compile or run, or its engine is missing. */
export class ScriptErrorRule implements IncidentRule {
  readonly family = 'script-error' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const noEngine = locate(context, NO_ENGINE);
    if (noEngine) return this.missingEngine(context, noEngine.match[1], noEngine);
    const found = locate(context, SCRIPT_FAILURE);
    if (!found) return null;
    const script = context.facts.activityId
      ? (context.model?.script(context.facts.activityId) ?? null)
      : null;
    const missing = locate(context, NO_SUCH_PROPERTY);
    const variable = missing ? (missing.match[1] ?? missing.match[2]) : null;
    const isScriptTask = context.element?.type === 'scriptTask';
    return {
      family: this.family,
      confidence: Math.min(0.96, confidenceFor(found, 0.88) + (isScriptTask ? 0.05 : 0)),
      rootCause: variable
        ? `The ${script?.format ?? ''} script reads '${variable}', which is neither a process variable nor defined in the script.`.replace(
            '  ',
            ' ',
          )
        : `The ${script?.format ? `${script.format} ` : ''}script of ${context.facts.activityId ? `'${context.facts.activityId}'` : 'the activity'} threw while running: ${clip(found.line, 200)}`,
      fixSteps: compact([
        variable &&
          `Set '${variable}' before the script runs, or read it null-safely with execution.getVariable('${variable}').`,
        'Run the script with the same variables in a test to reproduce the error.',
        'Fix the script and deploy a new version; migrate or retry the running instance.',
        `Prefer external scripts (${extensionPrefix(context)}:resource) under test over long inline scripts.`,
      ]),
      snippet: variable ? nullSafeRead(variable, script?.format ?? 'groovy') : null,
      evidence: compact([
        evidenceOf(found),
        missing && missing !== found && evidenceOf(missing, `Unknown name '${variable}'.`),
        script?.text && {
          source: 'model' as const,
          excerpt: clip(`scriptTask "${context.facts.activityId}" (${script.format}): ${script.text}`),
          detail: 'The inline script that failed.',
        },
        activityEvidence(context, 'The activity that ran the script.'),
      ]),
      remediation: variable
        ? remediation.setVariables(
            { [variable]: { value: null, type: 'String', valueRequired: true } },
            `Set '${variable}' (the operator supplies value and type), then set retries to 1.`,
          )
        : remediation.retryAfterFix('Fix the script first; retrying runs the same script again.'),
    };
  }

  private missingEngine(
    context: RuleContext,
    language: string,
    found: NonNullable<ReturnType<typeof locate>>,
  ): RuleVerdict {
    const groovy = /groovy/i.test(language);
    return {
      family: this.family,
      confidence: confidenceFor(found, 0.96),
      rootCause: `The engine has no script engine for '${language}': the ${groovy ? 'Groovy JSR-223 engine (groovy-jsr223)' : `${language} engine`} is not on its classpath, so every script in that language fails.`,
      fixSteps: [
        groovy
          ? `Add org.apache.groovy:groovy-jsr223 to the classpath of the ${context.flavour.label} engine application and restart the engine.`
          : `Add a JSR-223 engine for ${language} to the engine (GraalJS for javascript: org.graalvm.js:js-scriptengine), or rewrite the script in a language the engine has.`,
        'Alternatively, replace the script with a Java delegate or an external task.',
        'Then retry the failed job.',
      ],
      snippet: {
        language: 'text',
        description: `Maven dependency that provides the '${language}' script engine.`,
        code: groovy
          ? '<dependency>\n  <groupId>org.apache.groovy</groupId>\n  <artifactId>groovy-jsr223</artifactId>\n  <version>4.0.24</version>\n</dependency>'
          : '<dependency>\n  <groupId>org.graalvm.js</groupId>\n  <artifactId>js-scriptengine</artifactId>\n  <version>22.3.5</version>\n</dependency>',
      },
      evidence: compact([
        evidenceOf(found, `No JSR-223 engine registered for '${language}'.`),
        activityEvidence(context, 'The activity that runs the script.'),
      ]),
      remediation: remediation.retryAfterFix(
        `Install the ${language} script engine (or change the script), then set retries to 1.`,
      ),
    };
  }
}

function nullSafeRead(variable: string, format: string): Snippet {
  const javascript = /javascript|js|ecmascript/i.test(format);
  return {
    language: javascript ? 'javascript' : 'groovy',
    description: `Read '${variable}' without failing when it is absent.`,
    code: javascript
      ? `var ${variable} = execution.getVariable('${variable}');\nif (${variable} == null) { throw new Error('${variable} is required'); }`
      : `def ${variable} = execution.getVariable('${variable}')\nif (${variable} == null) { throw new IllegalStateException('${variable} is required') }`,
  };
}
