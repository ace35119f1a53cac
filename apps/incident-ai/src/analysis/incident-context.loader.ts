import { Inject, Injectable } from '@nestjs/common';
import { AppLogger, ContextLogger, errorMessage, IncidentOpened } from '@flowpilot/shared';
import { BpmnModel } from '../model/bpmn-model';
import { CamundaEngineApi } from '../model/camunda-engine.api';
import { EngineFlavour, flavourNamedIn } from '../model/engine-flavour.util';
import { ProcessModelCache } from '../model/process-model.cache';
import type { RuleContext } from '../rules/rule';
import { ruleContextOf } from '../rules/rule-context.util';

const MAX_STACK_TRACE = 16_000;

/**
 * Gathers what the rules read: the fact's message and stack trace, plus the
 * deployed model from the incident's node. A node that cannot be reached costs
 * precision, not the analysis: the rules still run on the message.
 */
@Injectable()
export class IncidentContextLoader {
  /**
   * The flavour each configured node's stack traces last named: an incident whose
   * own text names no package (a bare expression error) still gets fixes for its engine.
   */
  private readonly nodeFlavours = new Map<string, EngineFlavour>();

  private readonly logger: ContextLogger;

  constructor(
    @Inject(CamundaEngineApi)
    private readonly engine: Pick<CamundaEngineApi, 'knows' | 'jobStackTrace' | 'externalTaskErrorDetails'>,
    @Inject(ProcessModelCache) private readonly models: Pick<ProcessModelCache, 'load'>,
    logger: AppLogger,
  ) {
    this.logger = logger.forContext('IncidentContext');
  }

  async load(incident: IncidentOpened, nodeId: string | null): Promise<RuleContext> {
    const [stackTrace, model] = await Promise.all([
      this.stackTrace(incident, nodeId),
      this.model(incident, nodeId),
    ]);
    const message = incident.message ?? '';
    // A worker's stack trace names the worker's libraries, not the engine's: learn only from the engine's own.
    const named = incident.incidentType === 'failedExternalTask' ? null : flavourNamedIn(message, stackTrace);
    if (named && this.engine.knows(nodeId)) this.nodeFlavours.set(nodeId, named);
    return ruleContextOf(
      {
        incidentType: incident.incidentType,
        message,
        stackTrace,
        activityId: incident.failedActivityId ?? incident.activityId,
        processDefinitionId: incident.processDefinitionId,
        processDefinitionKey: incident.processDefinitionKey,
      },
      model,
      nodeId ? (this.nodeFlavours.get(nodeId) ?? null) : null,
    );
  }

  /**
   * The collector usually sends it; when it could not, ask the engine (the job may be gone by then).
   * A worker that reported no error details leaves none to read: that is no failure of ours.
   */
  private async stackTrace(incident: IncidentOpened, nodeId: string | null): Promise<string | null> {
    if (incident.stackTrace) return incident.stackTrace;
    if (!this.engine.knows(nodeId)) return null;
    try {
      const text = incident.jobId
        ? await this.engine.jobStackTrace(nodeId, incident.jobId)
        : incident.externalTaskId
          ? await this.engine.externalTaskErrorDetails(nodeId, incident.externalTaskId)
          : null;
      return text ? text.slice(0, MAX_STACK_TRACE) : null;
    } catch (error) {
      this.logger.warn('stack trace unavailable', {
        incidentId: incident.incidentId,
        nodeId,
        reason: errorMessage(error),
      });
    }
    return null;
  }

  private async model(incident: IncidentOpened, nodeId: string | null): Promise<BpmnModel | null> {
    if (!incident.processDefinitionId || !this.engine.knows(nodeId)) return null;
    try {
      return await this.models.load(nodeId, incident.processDefinitionId);
    } catch (error) {
      this.logger.warn('deployed model unavailable; analysing the message only', {
        incidentId: incident.incidentId,
        nodeId,
        processDefinitionId: incident.processDefinitionId,
        reason: errorMessage(error),
      });
      return null;
    }
  }
}
