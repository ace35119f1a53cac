import type {
  Evidence,
  IncidentAnalyzed,
  IncidentOpened,
  IncidentPattern,
  Remediation,
  Snippet,
} from '@flowpilot/shared';
import type { PatternState } from '../patterns/pattern.repository';
import type { RuleContext } from '../rules/rule';
import { clip } from '../rules/rule-kit.util';

/** The explanation finally chosen for an incident: the rule verdict, or the LLM's answer over it. */
export interface Conclusion {
  family: IncidentAnalyzed['family'];
  rootCause: string;
  fixSteps: string[];
  snippet: Snippet | null;
  confidence: number;
  evidence: Evidence[];
  remediation: Remediation;
  llm: IncidentAnalyzed['llm'];
}

const MAX_EVIDENCE = 20;
const MAX_FIX_STEPS = 12;

export function buildAnalysis(
  incident: IncidentOpened,
  context: RuleContext,
  conclusion: Conclusion,
  pattern: PatternState,
  analyzedAt: Date,
): IncidentAnalyzed {
  const patternEvidence: Evidence = {
    source: 'pattern',
    excerpt: clip(pattern.signature),
    detail: clip(
      `Seen ${pattern.count} time(s) on ${pattern.nodeIds.join(', ') || 'unknown nodes'} in ${pattern.processDefinitionKeys.join(', ') || 'unknown definitions'} since ${pattern.firstSeenAt.toISOString()}; trend ${pattern.trend}.`,
      1_000,
    ),
  };
  return {
    incidentId: incident.incidentId,
    incidentType: incident.incidentType,
    processDefinitionId: incident.processDefinitionId,
    processDefinitionKey: incident.processDefinitionKey,
    processInstanceId: incident.processInstanceId,
    activityId: context.facts.activityId,
    activityType: context.element?.type ?? null,
    jobId: incident.jobId,
    externalTaskId: incident.externalTaskId,
    message: incident.message,
    family: conclusion.family,
    rootCause: conclusion.rootCause.slice(0, 2_000),
    fixSteps: conclusion.fixSteps.slice(0, MAX_FIX_STEPS).map((s) => s.slice(0, 1_000)),
    snippet: conclusion.snippet,
    confidence: round(conclusion.confidence),
    evidence: [...conclusion.evidence.slice(0, MAX_EVIDENCE - 1), patternEvidence],
    pattern: { signature: pattern.signature, id: pattern.patternId, occurrences: pattern.count },
    remediation: { ...conclusion.remediation, rationale: conclusion.remediation.rationale.slice(0, 1_000) },
    llm: conclusion.llm,
    analyzedAt: analyzedAt.toISOString(),
  };
}

export function buildPattern(
  pattern: PatternState,
  conclusion: Conclusion,
  lastIncidentId: string,
  trendWindowHours: number,
): IncidentPattern {
  return {
    patternId: pattern.patternId,
    signature: pattern.signature,
    family: conclusion.family,
    incidentType: pattern.incidentType,
    count: pattern.count,
    firstSeenAt: pattern.firstSeenAt.toISOString(),
    lastSeenAt: pattern.lastSeenAt.toISOString(),
    trend: pattern.trend,
    recentCount: pattern.recentCount,
    previousCount: pattern.previousCount,
    trendWindowHours,
    nodeIds: pattern.nodeIds,
    processDefinitionKeys: pattern.processDefinitionKeys,
    lastIncidentId,
    sampleMessage: pattern.sampleMessage,
    rootCause: conclusion.rootCause.slice(0, 2_000),
    confidence: round(conclusion.confidence),
  };
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}
