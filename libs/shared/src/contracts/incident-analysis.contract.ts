import { z } from 'zod';

/** What incident-ai concludes about one incident, and the patterns incidents fall into. */

export const INCIDENT_FAMILIES = [
  'missing-variable',
  'unresolvable-bean',
  'class-not-found',
  'connection-refused',
  'unknown-host',
  'timeout',
  'http-5xx',
  'auth-failure',
  'rate-limited',
  'optimistic-locking',
  'script-error',
  'null-pointer',
  'code-defect',
  'serialization',
  'type-conversion',
  'no-outgoing-flow',
  'timer-configuration',
  'database-constraint',
  'unknown',
] as const;
export const IncidentFamilySchema = z.enum(INCIDENT_FAMILIES);
export type IncidentFamily = z.infer<typeof IncidentFamilySchema>;

/** Camunda's own variable type names, as `PUT /process-instance/{id}/variables/{name}` expects them. */
export const CAMUNDA_VARIABLE_TYPES = [
  'String',
  'Boolean',
  'Integer',
  'Long',
  'Short',
  'Double',
  'Date',
  'Json',
  'Null',
] as const;
export const CamundaVariableTypeSchema = z.enum(CAMUNDA_VARIABLE_TYPES);
export type CamundaVariableType = z.infer<typeof CamundaVariableTypeSchema>;

export const RemediationVariableSchema = z.object({
  /** Suggested value; null when only the operator knows it (then `valueRequired` is true). */
  value: z.union([z.string().max(4_000), z.number(), z.boolean(), z.null()]),
  type: CamundaVariableTypeSchema,
  /** The apply step must be given a value by the operator: incident-ai cannot know the business value. */
  valueRequired: z.boolean(),
});
export type RemediationVariable = z.infer<typeof RemediationVariableSchema>;

/**
 * Only non-destructive actions exist here: nothing deletes or cancels.
 * - `retry-after-fix`: fix the model/code/dependency first, then set `retries` on the failed job or external task;
 * - `set-variable`: set `variables` on the process instance, then set `retries`;
 * - `raise-retries`: the cause is transient, set `retries` now;
 * - `none`: nothing safe to automate.
 */
export const REMEDIATION_ACTIONS = ['retry-after-fix', 'set-variable', 'raise-retries', 'none'] as const;
export const RemediationActionSchema = z.enum(REMEDIATION_ACTIONS);
export type RemediationAction = z.infer<typeof RemediationActionSchema>;

export const RemediationSchema = z.object({
  action: RemediationActionSchema,
  /** Retries to set on the failed job / external task; null for `none`. */
  retries: z.number().int().min(1).max(10).nullable(),
  /** Variables to set first (only with `set-variable`), by name. */
  variables: z.record(z.string().min(1).max(255), RemediationVariableSchema).nullable(),
  rationale: z.string().max(1_000),
});
export type Remediation = z.infer<typeof RemediationSchema>;

export const EvidenceSchema = z.object({
  source: z.enum(['message', 'stackTrace', 'model', 'activityType', 'pattern']),
  excerpt: z.string().max(1_000),
  detail: z.string().max(1_000).nullable(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const SnippetSchema = z.object({
  language: z.enum([
    'bpmn-xml',
    'expression',
    'java',
    'groovy',
    'javascript',
    'typescript',
    'json',
    'sql',
    'text',
  ]),
  description: z.string().max(500),
  code: z.string().max(8_000),
});
export type Snippet = z.infer<typeof SnippetSchema>;

export const IncidentAnalyzedSchema = z.object({
  incidentId: z.string().min(1).max(64),
  incidentType: z.string().max(100),
  processDefinitionId: z.string().max(255).nullable(),
  processDefinitionKey: z.string().max(255).nullable(),
  processInstanceId: z.string().max(64).nullable(),
  activityId: z.string().max(255).nullable(),
  /** BPMN element type of the failed activity from the deployed model (serviceTask, exclusiveGateway, …). */
  activityType: z.string().max(100).nullable(),
  /** The failed job or external task the remediation's retries apply to. */
  jobId: z.string().max(64).nullable(),
  externalTaskId: z.string().max(64).nullable(),
  message: z.string().max(8_000).nullable(),
  family: IncidentFamilySchema,
  rootCause: z.string().max(2_000),
  fixSteps: z.array(z.string().max(1_000)).max(12),
  snippet: SnippetSchema.nullable(),
  confidence: z.number().min(0).max(1),
  evidence: z.array(EvidenceSchema).max(20),
  pattern: z.object({
    signature: z.string().max(2_000),
    id: z.string().max(64),
    occurrences: z.number().int().positive(),
  }),
  remediation: RemediationSchema,
  llm: z.object({ used: z.boolean(), model: z.string().max(100).nullable(), note: z.string().max(500) }),
  analyzedAt: z.iso.datetime({ offset: true }),
});
export type IncidentAnalyzed = z.infer<typeof IncidentAnalyzedSchema>;

export const PATTERN_TRENDS = ['new', 'rising', 'stable', 'falling'] as const;

/** A group of incidents with the same normalised message, across nodes and definitions. */
export const IncidentPatternSchema = z.object({
  patternId: z.string().min(1).max(64),
  signature: z.string().max(2_000),
  family: IncidentFamilySchema,
  incidentType: z.string().max(100),
  count: z.number().int().positive(),
  firstSeenAt: z.iso.datetime({ offset: true }),
  lastSeenAt: z.iso.datetime({ offset: true }),
  /** Occurrences in the last trend window vs the window before it. */
  trend: z.enum(PATTERN_TRENDS),
  recentCount: z.number().int().nonnegative(),
  previousCount: z.number().int().nonnegative(),
  trendWindowHours: z.number().int().positive(),
  nodeIds: z.array(z.string().max(100)).max(100),
  processDefinitionKeys: z.array(z.string().max(255)).max(100),
  lastIncidentId: z.string().max(64),
  sampleMessage: z.string().max(2_000).nullable(),
  rootCause: z.string().max(2_000),
  confidence: z.number().min(0).max(1),
});
export type IncidentPattern = z.infer<typeof IncidentPatternSchema>;
