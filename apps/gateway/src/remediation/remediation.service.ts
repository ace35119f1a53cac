import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CamundaFleet, CamundaRestError, errorMessage, isTransientError } from '@flowpilot/shared';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { ApiKeyPrincipal } from '../auth/api-key.service';
import { ApiError } from '../http/api-error';
import { IncidentRepository } from '../incidents/incident.repository';
import { planRemediation, RemediationRequest, RemediationStep } from './remediation-plan.util';

export interface StepResult extends RemediationStep {
  status: 'planned' | 'done' | 'failed' | 'skipped';
  error: string | null;
}

export interface RemediationResult {
  nodeId: string;
  incidentId: string;
  dryRun: boolean;
  action: string;
  rationale: string;
  warnings: string[];
  /** Dry run: whether the engine still reports the incident (null when the node could not be asked). */
  incidentOpenOnEngine: boolean | null;
  applied: boolean;
  steps: StepResult[];
}

const PLAN_ERRORS: Record<string, { status: HttpStatus; code: 'conflict' | 'validation_failed' }> = {
  resolved: { status: HttpStatus.CONFLICT, code: 'conflict' },
  'no-analysis': { status: HttpStatus.CONFLICT, code: 'conflict' },
  'nothing-safe': { status: HttpStatus.CONFLICT, code: 'conflict' },
  'no-target': { status: HttpStatus.CONFLICT, code: 'conflict' },
  'needs-input': { status: HttpStatus.BAD_REQUEST, code: 'validation_failed' },
};

/** Dry-runs and applies incident-ai's suggested fix through the node's REST API; every call is audit-logged. */
@Injectable()
export class RemediationService {
  constructor(
    @Inject(IncidentRepository) private readonly incidents: IncidentRepository,
    @Inject(CamundaFleet) private readonly fleet: Pick<CamundaFleet, 'find'>,
    @Inject(AuditLogRepository) private readonly audit: AuditLogRepository,
  ) {}

  async run(
    nodeId: string,
    incidentId: string,
    request: RemediationRequest,
    dryRun: boolean,
    caller: ApiKeyPrincipal | null,
  ): Promise<RemediationResult> {
    const target = await this.incidents.get(nodeId, incidentId);
    if (!target) throw ApiError.notFound('Incident', { nodeId, incidentId });
    const client = this.fleet.find(nodeId);
    if (!client)
      throw new ApiError(
        HttpStatus.CONFLICT,
        'conflict',
        `Camunda node ${nodeId} is not configured in this gateway (CAMUNDA_NODE_<n>_*)`,
        { nodeId },
      );
    const plan = planRemediation(
      {
        status: target.view.status,
        processInstanceId: target.view.processInstanceId,
        jobId: target.jobId,
        externalTaskId: target.externalTaskId,
        analysis: target.view.analysis,
      },
      request,
    );
    const auditBase = {
      apiKeyId: caller?.id ?? null,
      action: dryRun ? 'remediation.dry-run' : 'remediation.apply',
      target: `${nodeId}/${incidentId}`,
    };
    if (!plan.ok) {
      await this.audit.record({
        ...auditBase,
        outcome: 'failed',
        details: { reason: plan.reason, ...plan.details },
      });
      const { status, code } = PLAN_ERRORS[plan.reason];
      throw new ApiError(status, code, plan.message, { reason: plan.reason, ...plan.details });
    }
    if (!dryRun && plan.action === 'retry-after-fix' && !request.confirmFixed) {
      await this.audit.record({ ...auditBase, outcome: 'failed', details: { reason: 'fix-not-confirmed' } });
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        'validation_failed',
        'Confirm the cause is fixed with "confirmFixed": true before retrying',
        { reason: 'fix-not-confirmed' },
      );
    }

    const result: RemediationResult = {
      nodeId,
      incidentId,
      dryRun,
      action: plan.action,
      rationale: plan.rationale,
      warnings: plan.warnings,
      incidentOpenOnEngine: null,
      applied: false,
      steps: plan.steps.map((step) => ({ ...step, status: 'planned', error: null })),
    };
    if (dryRun) {
      result.incidentOpenOnEngine = await client
        .get<unknown[]>('/incident', { query: { incidentId } })
        .then((found) => found.length > 0)
        .catch(() => null);
      await this.audit.record({ ...auditBase, outcome: 'dry-run', details: { steps: plan.steps } });
      return result;
    }

    let failure: unknown = null;
    for (const step of result.steps) {
      if (failure) {
        step.status = 'skipped';
        continue;
      }
      try {
        await client.request(step.method, step.path, { body: step.body });
        step.status = 'done';
      } catch (error) {
        failure = error;
        step.status = 'failed';
        step.error = errorMessage(error);
      }
    }
    result.applied = !failure;
    await this.audit.record({
      ...auditBase,
      outcome: failure ? 'failed' : 'succeeded',
      details: {
        steps: result.steps.map(({ path, body, status, error }) => ({ path, body, status, error })),
      },
    });
    if (failure) {
      const unavailable = isTransientError(failure) || !(failure instanceof CamundaRestError);
      throw new ApiError(
        unavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY,
        unavailable ? 'upstream_unavailable' : 'upstream_failed',
        `Camunda node ${nodeId} did not accept the remediation`,
        { steps: result.steps },
      );
    }
    return result;
  }
}
