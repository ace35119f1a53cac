import type { Evidence, IncidentFamily, Remediation, Snippet } from '@flowpilot/shared';
import type { BpmnElement, BpmnModel } from '../model/bpmn-model';
import type { EngineFlavourProfile } from '../model/engine-flavour.util';

/** What the rules know about one incident: the engine's words and, when reachable, the deployed model. */
export interface IncidentFacts {
  incidentType: string;
  message: string;
  stackTrace: string | null;
  activityId: string | null;
  processDefinitionId: string | null;
  processDefinitionKey: string | null;
}

export interface RuleContext {
  facts: IncidentFacts;
  model: BpmnModel | null;
  /** The failed activity in the model, when both are known. */
  element: BpmnElement | null;
  /** Which engine of the Camunda 7 family raised it: fixes name its packages and namespace. */
  flavour: EngineFlavourProfile;
}

export interface RuleVerdict {
  family: IncidentFamily;
  /** 0..1: how sure this rule is that it explains the incident. */
  confidence: number;
  rootCause: string;
  fixSteps: string[];
  snippet: Snippet | null;
  evidence: Evidence[];
  remediation: Remediation;
}

/** One incident family: recognises it and explains it, or returns null. */
export interface IncidentRule {
  readonly family: IncidentFamily;
  evaluate(context: RuleContext): RuleVerdict | null;
}
