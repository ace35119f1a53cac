import type { Remediation } from '@flowpilot/shared';
import type { RuleContext, RuleVerdict } from '../rules/rule';
import { LlmAnswer } from './llm-answer.schema';

/** The LLM's own confidence is unverified: it never outranks a sure rule. */
const MAX_LLM_CONFIDENCE = 0.85;
const MAX_LLM_RETRIES = 5;

const CLAIMS_RESOLUTION =
  /\b(?:is|has been|was|are|have been)\s+(?:already\s+)?(?:resolved|fixed|closed)\b|\bno (?:further )?action (?:is )?(?:needed|required)\b|\bmark(?:ed)? (?:it |this |the incident )?(?:as )?resolved\b|\bresolve the incident\b/i;
const DESTRUCTIVE =
  /\b(?:delete|deleting|remove|removing|cancel|cancell?ing|terminate|terminating|drop|dropping|truncate|purge|kill|wipe|destroy|skip|skipping|suspend)\b[^.\n]{0,80}?\b(?:process[- ]?instances?|instances?|executions?|activit(?:y|ies)|tokens?|jobs?|external[- ]tasks?|deployments?|definitions?|incidents?|history|tables?|database|schema|data|rows?|variables?)\b|\bDELETE\s+FROM\b|\bDROP\s+(?:TABLE|SCHEMA|DATABASE)\b|\bTRUNCATE\b|\brm\s+-rf\b|-X\s*DELETE\b|\bmethod\s*[:=]\s*['"]?DELETE\b|\/modification\b|\bskipCustomListeners\b/i;

/** Code that runs programs or fetches and executes something: not a fix an analysis hands an operator. */
const RUNS_COMMANDS =
  /(?:^|[\s;&|`$(])(?:sudo|bash|sh|zsh|powershell|pwsh|cmd(?:\.exe)?|nc|ncat|chmod|chown|scp|ssh)\s|\b(?:curl|wget)\b[^\n]*\|\s*(?:ba|z)?sh\b|\bRuntime\.getRuntime\(\)\.exec\b|\bnew\s+ProcessBuilder\b|\bchild_process\b|\bexecSync\s*\(|\bos\.system\s*\(|\bsubprocess\.|\beval\s*\(|\bexecute\s*\(\s*["']/i;
const URL = /\bhttps?:\/\/[^\s"'<>)\]]+/gi;

export type Guarded = { ok: true; answer: LlmAnswer } | { ok: false; reason: string };

/**
 * Incident text is data: whatever it made the LLM say, the answer may not
 * claim resolution, recommend anything destructive or running commands, or
 * name variables and addresses that only the incident's free text mentions
 * (an injection writes its own names there). Variables must be ones the rules
 * proposed or the failed activity's deployed model uses; addresses must be in
 * that model. Offending steps and snippets are dropped; an answer with nothing
 * safe left is rejected and the rule verdict stands.
 */
export function guardLlmAnswer(answer: LlmAnswer, context: RuleContext, verdict: RuleVerdict): Guarded {
  const prose = [answer.rootCause, answer.remediation.rationale, ...answer.fixSteps].join('\n');
  if (CLAIMS_RESOLUTION.test(prose))
    return { ok: false, reason: 'the answer claims the incident is resolved' };
  if (DESTRUCTIVE.test(answer.rootCause) || DESTRUCTIVE.test(answer.remediation.rationale)) {
    return { ok: false, reason: 'the answer recommends a destructive action' };
  }
  const trusted = trustedText(context, verdict);
  const unsafe = (text: string) =>
    DESTRUCTIVE.test(text) || RUNS_COMMANDS.test(text) || namesForeignUrl(text, trusted);
  if (namesForeignUrl(`${answer.rootCause}\n${answer.remediation.rationale}`, trusted))
    return { ok: false, reason: 'the answer points at an address the deployed model does not name' };
  const fixSteps = answer.fixSteps.filter((step) => !unsafe(step));
  if (fixSteps.length === 0) return { ok: false, reason: 'every fix step was destructive or unsafe' };
  const snippet =
    answer.snippet && !unsafe(`${answer.snippet.description}\n${answer.snippet.code}`)
      ? answer.snippet
      : null;
  return {
    ok: true,
    answer: {
      ...answer,
      // An unsure LLM does not get to replace the rules' family with "unknown".
      family: answer.family === 'unknown' && verdict.family !== 'unknown' ? verdict.family : answer.family,
      fixSteps,
      snippet,
      confidence: Math.min(answer.confidence, MAX_LLM_CONFIDENCE),
      remediation: clampRemediation(answer.remediation, trusted),
    },
  };
}

/** An LLM has no business sending an operator to an address the model does not use (injected exfiltration). */
function namesForeignUrl(text: string, trusted: string): boolean {
  return (text.match(URL) ?? []).some((url) => !trusted.includes(url.replace(/[.,;:]+$/, '')));
}

function clampRemediation(remediation: LlmAnswer['remediation'], trusted: string): LlmAnswer['remediation'] {
  const retries = remediation.retries === null ? null : Math.min(remediation.retries, MAX_LLM_RETRIES);
  if (remediation.action === 'none') return { ...remediation, retries: null, variables: null };
  if (remediation.action !== 'set-variable')
    return { ...remediation, retries: retries ?? 1, variables: null };
  const variables = Object.fromEntries(
    Object.entries(remediation.variables ?? {}).filter(([name]) =>
      new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(trusted),
    ),
  );
  if (Object.keys(variables).length === 0)
    return { ...remediation, action: 'retry-after-fix', retries: retries ?? 1, variables: null };
  return { ...remediation, retries: retries ?? 1, variables };
}

/**
 * What the answer may draw names and addresses from: the failed activity's
 * deployed model and the variables the rules themselves proposed (they read
 * the message structurally, e.g. "Cannot resolve identifier 'x'").
 */
function trustedText(context: RuleContext, verdict: RuleVerdict): string {
  const modelText =
    context.model && context.facts.activityId
      ? context.model.sitesOf(context.facts.activityId).map((s) => s.value)
      : [];
  return [...Object.keys(verdict.remediation?.variables ?? {}), ...modelText].join('\n');
}

/** Turns the guarded answer's remediation into the contract's form: values are always the operator's. */
export function toRemediation(remediation: LlmAnswer['remediation']): Remediation {
  const variables = remediation.variables
    ? Object.fromEntries(
        Object.entries(remediation.variables).map(([name, type]) => [
          name,
          { value: null, type, valueRequired: true },
        ]),
      )
    : null;
  return {
    action: remediation.action,
    retries: remediation.retries,
    variables,
    rationale: remediation.rationale,
  };
}
