import type { Evidence, Remediation, RemediationVariable } from '@flowpilot/shared';
import type { BpmnSite } from '../model/bpmn-model';
import type { RuleContext } from './rule';

/** Where a pattern was found: the message is stronger evidence than a line deep in a stack trace. */
export interface Located {
  source: 'message' | 'stackTrace';
  match: RegExpExecArray;
  /** The line that matched, trimmed to a readable length. */
  line: string;
}

const MAX_EXCERPT = 300;

/** First match of any pattern, in the message first, then in the stack trace. */
export function locate(context: RuleContext, ...patterns: RegExp[]): Located | null {
  for (const source of ['message', 'stackTrace'] as const) {
    const text = source === 'message' ? context.facts.message : context.facts.stackTrace;
    if (!text) continue;
    for (const pattern of patterns) {
      const match = pattern.exec(text);
      if (match) return { source, match, line: lineAround(text, match.index) };
    }
  }
  return null;
}

/** Confidence for a finding: full in the message, discounted when only the stack trace has it. */
export function confidenceFor(found: Located, inMessage: number, stackTraceDiscount = 0.15): number {
  return found.source === 'message' ? inMessage : Math.max(0.1, inMessage - stackTraceDiscount);
}

export function evidenceOf(found: Located, detail: string | null = null): Evidence {
  return { source: found.source, excerpt: found.line, detail };
}

export function modelEvidence(site: BpmnSite, detail: string | null = null): Evidence {
  return {
    source: 'model',
    excerpt: clip(`${site.ownerType} "${site.ownerId}" ${site.location}: ${site.value}`),
    detail,
  };
}

export function activityEvidence(context: RuleContext, detail: string): Evidence | null {
  const element = context.element;
  if (!element) return null;
  const kind =
    element.camunda.type === 'external'
      ? `${element.type} (external task, topic "${element.camunda.topic ?? '?'}")`
      : element.type;
  return {
    source: 'activityType',
    excerpt: clip(`${kind} "${element.id}"${element.name ? ` (${element.name})` : ''}`),
    detail,
  };
}

/** The model sites of the failed activity (or the whole model) whose value contains `needle`. */
export function sitesContaining(context: RuleContext, needle: string): BpmnSite[] {
  if (!context.model || !needle) return [];
  return preferActivity(
    context,
    context.model.sites().filter((s) => s.value.includes(needle)),
  );
}

/** Sites of the failed activity (its own attributes and its outgoing flows' conditions) first; else all of them. */
export function preferActivity(context: RuleContext, sites: BpmnSite[]): BpmnSite[] {
  const activityId = context.facts.activityId;
  if (!context.model || !activityId) return sites;
  const owned = new Set([activityId, ...context.model.outgoingFlows(activityId).map((f) => f.id)]);
  const own = sites.filter((s) => owned.has(s.ownerId));
  return own.length > 0 ? own : sites;
}

export function compact<T>(items: (T | null | undefined | false | '' | 0)[]): T[] {
  return items.filter((i): i is T => Boolean(i));
}

/**
 * The BPMN extension prefix a fix should write: the one the deployed model uses, else the one the
 * engine's own modeler writes (`operaton:` for Operaton, `camunda:` for Camunda 7 and CIB seven).
 */
export function extensionPrefix(context: RuleContext): string {
  return context.model?.extensionPrefix ?? context.flavour.bpmnPrefix;
}

/** Who fixes this incident: an external task worker answers to its topic, everything else to the model or code. */
export function isExternalTask(context: RuleContext): boolean {
  return context.facts.incidentType === 'failedExternalTask' || context.element?.camunda.type === 'external';
}

export const remediation = {
  retryAfterFix(rationale: string, retries = 1): Remediation {
    return { action: 'retry-after-fix', retries, variables: null, rationale };
  },
  raiseRetries(rationale: string, retries = 3): Remediation {
    return { action: 'raise-retries', retries, variables: null, rationale };
  },
  setVariables(variables: Record<string, RemediationVariable>, rationale: string, retries = 1): Remediation {
    return { action: 'set-variable', retries, variables, rationale };
  },
  none(rationale: string): Remediation {
    return { action: 'none', retries: null, variables: null, rationale };
  },
};

export function clip(text: string, max = MAX_EXCERPT): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return clip(text.slice(start, end === -1 ? undefined : end));
}
