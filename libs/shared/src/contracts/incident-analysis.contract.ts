import { z } from 'zod';

/** What incident-ai concludes about one incident. */

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

/** Only non-destructive actions exist here: nothing deletes or cancels. */
export const REMEDIATION_ACTIONS = ['retry-after-fix', 'set-variable', 'raise-retries', 'none'] as const;
export const RemediationSchema = z.object({
  action: z.enum(REMEDIATION_ACTIONS),
  retries: z.number().int().min(1).max(10).nullable(),
  variables: z
    .record(z.string().max(255), z.object({ value: z.unknown(), type: z.string().max(50) }))
    .nullable(),
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
  language: z.enum(['bpmn-xml', 'expression', 'java', 'groovy', 'javascript', 'typescript', 'json', 'sql', 'text']),
  description: z.string().max(500),
  code: z.string().max(8_000),
});
export type Snippet = z.infer<typeof SnippetSchema>;

export const IncidentAnalyzedSchema = z.object({
  incidentId: z.string().min(1).max(64),
  incidentType: z.string().max(100),
  processDefinitionKey: z.string().max(255).nullable(),
  processInstanceId: z.string().max(64).nullable(),
  activityId: z.string().max(255).nullable(),
  message: z.string().max(8_000).nullable(),
  family: IncidentFamilySchema,
  rootCause: z.string().max(2_000),
  fixSteps: z.array(z.string().max(1_000)).max(12),
  snippet: SnippetSchema.nullable(),
  confidence: z.number().min(0).max(1),
  evidence: z.array(EvidenceSchema).max(20),
  pattern: z.object({ signature: z.string().max(2_000), id: z.string().max(64) }),
  remediation: RemediationSchema,
  llm: z.object({ used: z.boolean(), model: z.string().max(100).nullable(), note: z.string().max(500) }),
  analyzedAt: z.iso.datetime({ offset: true }),
});
export type IncidentAnalyzed = z.infer<typeof IncidentAnalyzedSchema>;
