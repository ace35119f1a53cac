import { z } from 'zod';
import { CamundaVariableTypeSchema, type IncidentAnalyzed, type RemediationAction } from '@flowpilot/shared';
import { variableFitProblem } from './variable-fit.util';

export const RemediationRequestSchema = z
  .strictObject({
    /** Retries to set; defaults to the analysis' suggestion (or 1). */
    retries: z.number().int().min(1).max(10).optional(),
    /** Values for the variables the analysis names (required where it could not suggest one). */
    variables: z
      .record(
        z.string().min(1).max(255),
        z
          .strictObject({
            value: z.union([z.string().max(4_000), z.number(), z.boolean(), z.null()]),
            type: CamundaVariableTypeSchema,
          })
          .superRefine((variable, ctx) => {
            const problem = variableFitProblem(variable.value, variable.type);
            if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
          }),
      )
      .optional(),
    /** For `retry-after-fix`: the operator confirms the model, code or dependency has been fixed. */
    confirmFixed: z.boolean().optional(),
  })
  .default({});
export type RemediationRequest = z.output<typeof RemediationRequestSchema>;

export interface RemediationStep {
  description: string;
  method: 'PUT' | 'POST';
  path: string;
  body: Record<string, unknown>;
}

export interface IncidentFacts {
  status: 'open' | 'resolved';
  processInstanceId: string | null;
  jobId: string | null;
  externalTaskId: string | null;
  analysis: IncidentAnalyzed | null;
}

export type PlanOutcome =
  | { ok: true; action: RemediationAction; rationale: string; steps: RemediationStep[]; warnings: string[] }
  | {
      ok: false;
      reason: 'resolved' | 'no-analysis' | 'nothing-safe' | 'no-target' | 'needs-input';
      message: string;
      details: Record<string, unknown>;
    };

/**
 * Turns incident-ai's suggestion into Camunda calls. Only non-destructive
 * steps exist (set a variable the analysis names, then set retries on the
 * failed job or external task); the operator can supply values and the retry
 * count, never widen what is done.
 */
export function planRemediation(incident: IncidentFacts, request: RemediationRequest): PlanOutcome {
  if (incident.status === 'resolved') return fail('resolved', 'The incident is already resolved', {});
  const analysis = incident.analysis;
  if (!analysis) return fail('no-analysis', 'The incident has no analysis yet', {});
  const { remediation } = analysis;
  if (remediation.action === 'none')
    return fail('nothing-safe', 'The analysis found nothing safe to automate', {
      rationale: remediation.rationale,
    });

  const steps: RemediationStep[] = [];
  const warnings: string[] = [];
  const suggested = remediation.action === 'set-variable' ? (remediation.variables ?? {}) : {};
  const given = request.variables ?? {};
  const unknown = Object.keys(given).filter((name) => !(name in suggested));
  if (unknown.length > 0)
    return fail('needs-input', 'Only the variables the analysis names can be set', {
      unknownVariables: unknown,
      allowed: Object.keys(suggested),
    });
  const missing = Object.entries(suggested)
    .filter(([name, v]) => v.valueRequired && !(name in given))
    .map(([name]) => name);
  if (missing.length > 0)
    return fail('needs-input', 'Values are required for these variables', { missingVariables: missing });
  if (remediation.action === 'retry-after-fix' && !request.confirmFixed) {
    warnings.push('The cause must be fixed first; apply requires "confirmFixed": true');
  }

  if (Object.keys(suggested).length > 0) {
    if (!incident.processInstanceId)
      return fail('no-target', 'The incident has no process instance to set variables on', {});
    const modifications = Object.fromEntries(
      Object.entries(suggested).map(([name, suggestion]) => {
        const { value, type } = given[name] ?? suggestion;
        return [name, { value, type }];
      }),
    );
    const misfits = Object.entries(modifications)
      .map(([name, { value, type }]) => ({ name, type, problem: variableFitProblem(value, type) }))
      .filter((misfit) => misfit.problem !== null);
    if (misfits.length > 0)
      return fail('needs-input', 'These variable values do not fit their Camunda type', {
        invalidVariables: misfits,
      });
    // One call for all variables: the engine sets them in one transaction, so a refusal leaves none set.
    steps.push({
      description: `Set ${Object.entries(modifications)
        .map(([name, { type }]) => `"${name}" (${type})`)
        .join(', ')} on process instance ${incident.processInstanceId}`,
      method: 'POST',
      path: `/process-instance/${encodeURIComponent(incident.processInstanceId)}/variables`,
      body: { modifications },
    });
  }

  const retries = request.retries ?? remediation.retries ?? 1;
  if (incident.jobId) {
    steps.push({
      description: `Set ${retries} retries on failed job ${incident.jobId}`,
      method: 'PUT',
      path: `/job/${encodeURIComponent(incident.jobId)}/retries`,
      body: { retries },
    });
  } else if (incident.externalTaskId) {
    steps.push({
      description: `Set ${retries} retries on external task ${incident.externalTaskId}`,
      method: 'PUT',
      path: `/external-task/${encodeURIComponent(incident.externalTaskId)}/retries`,
      body: { retries },
    });
  } else {
    return fail('no-target', 'The incident has no failed job or external task to retry', {});
  }
  return { ok: true, action: remediation.action, rationale: remediation.rationale, steps, warnings };
}

function fail(
  reason: Extract<PlanOutcome, { ok: false }>['reason'],
  message: string,
  details: Record<string, unknown>,
): PlanOutcome {
  return { ok: false, reason, message, details };
}
