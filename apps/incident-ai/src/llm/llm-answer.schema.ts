import { z } from 'zod';
import {
  CamundaVariableTypeSchema,
  IncidentFamilySchema,
  RemediationActionSchema,
  SnippetSchema,
} from '@flowpilot/shared';

/**
 * What the LLM must answer, and nothing more. Unknown keys are rejected, so an
 * answer steered by text in the incident cannot add fields (a "resolved" flag,
 * another action); the remediation enum has no destructive action.
 */
export const LlmAnswerSchema = z.strictObject({
  family: IncidentFamilySchema,
  rootCause: z.string().min(10).max(2_000),
  fixSteps: z.array(z.string().min(3).max(1_000)).min(1).max(8),
  snippet: SnippetSchema.nullable(),
  confidence: z.number().min(0).max(1),
  remediation: z.strictObject({
    action: RemediationActionSchema,
    retries: z.number().int().min(1).max(10).nullable(),
    /** Variable name → Camunda type; values are always the operator's to supply. */
    variables: z.record(z.string().regex(/^[A-Za-z_$][\w$]{0,254}$/), CamundaVariableTypeSchema).nullable(),
    rationale: z.string().max(1_000),
  }),
});
export type LlmAnswer = z.infer<typeof LlmAnswerSchema>;
