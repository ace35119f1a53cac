import { isExtensionLocation } from '../../model/bpmn-model';
import { javaDelegateCode } from '../delegate-snippet.util';
import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import {
  activityEvidence,
  compact,
  confidenceFor,
  evidenceOf,
  extensionPrefix,
  locate,
  modelEvidence,
  remediation,
} from '../rule-kit.util';

const CANNOT_LOAD = /ENGINE-09017 Cannot load class '([\w.$]+)'/;
const INSTANTIATING = /ENGINE-09008 Exception while instantiating class '([\w.$]+)'/;
const NOT_FOUND = /(?:ClassNotFoundException|NoClassDefFoundError)(?::\s*|\s+)([\w.$/]+)/;

/** `camunda:class` / `operaton:class` (or a listener's class) names a class the engine's classpath does not have. */
export class ClassNotFoundRule implements IncidentRule {
  readonly family = 'class-not-found' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, CANNOT_LOAD, NOT_FOUND, INSTANTIATING);
    if (!found) return null;
    const className = found.match[1].replace(/\//g, '.');
    const site =
      context.model?.sites().find((s) => s.value === className && isExtensionLocation(s.location, 'class')) ??
      null;
    const definitionError = /NoClassDefFoundError/.test(found.match[0]);
    return {
      family: this.family,
      confidence: Math.min(0.98, confidenceFor(found, definitionError ? 0.85 : 0.93) + (site ? 0.05 : 0)),
      rootCause: definitionError
        ? `The class ${className} was available at compile time but a class it depends on is missing at run time (NoClassDefFoundError).`
        : `${site ? `${site.location} of ${site.ownerType} "${site.ownerId}"` : 'The model'} names the Java class ${className}, which is not on the classpath of the engine that executed the job.`,
      fixSteps: [
        `Check the spelling of ${className} in the model (${extensionPrefix(context)}:class is the fully qualified name).`,
        'Deploy the jar that contains the class to every engine node that runs this process (or register it as a process application).',
        'In a cluster, make sure the job executor of every node has the class, or deploy with deployment-aware job execution.',
        'After the fix, retry the failed job.',
      ],
      snippet: {
        language: 'java',
        description: `The delegate the model expects, as ${className}, against ${context.flavour.label}'s API (${context.flavour.engineArtifact}).`,
        code: javaDelegateCode(context.flavour, { className }),
      },
      evidence: compact([
        evidenceOf(found, `The engine could not load ${className}.`),
        site && modelEvidence(site, 'The model names the class here.'),
        activityEvidence(context, 'The activity whose delegate could not be instantiated.'),
      ]),
      remediation: remediation.retryAfterFix(
        `Deploy ${className} to the engine (or fix the model), then set retries to 1 on the failed job.`,
      ),
    };
  }
}
