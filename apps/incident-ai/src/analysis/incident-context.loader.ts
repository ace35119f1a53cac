import { ContextLogger, errorMessage, IncidentOpened } from '@flowpilot/shared';
import { BpmnModel } from '../model/bpmn-model';
import { CamundaEngineApi } from '../model/camunda-engine.api';
import { ProcessModelCache } from '../model/process-model.cache';
import type { RuleContext } from '../rules/rule';

const MAX_STACK_TRACE = 16_000;

/**
 * Gathers what the rules read: the fact's message and stack trace, plus the
 * deployed model from the incident's node. A node that cannot be reached costs
 * precision, not the analysis: the rules still run on the message.
 */
export class IncidentContextLoader {
  constructor(
    private readonly engine: CamundaEngineApi,
    private readonly models: ProcessModelCache,
    private readonly logger: ContextLogger,
  ) {}

  async load(incident: IncidentOpened, nodeId: string | null): Promise<RuleContext> {
    const [stackTrace, model] = await Promise.all([
      this.stackTrace(incident, nodeId),
      this.model(incident, nodeId),
    ]);
    const activityId = incident.failedActivityId ?? incident.activityId;
    return {
      facts: {
        incidentType: incident.incidentType,
        message: incident.message ?? '',
        stackTrace,
        activityId,
        processDefinitionId: incident.processDefinitionId,
        processDefinitionKey: incident.processDefinitionKey,
      },
      model,
      element: model && activityId ? model.element(activityId) : null,
    };
  }

  /** The collector usually sends it; when it could not, ask the engine (the job may be gone by then). */
  private async stackTrace(incident: IncidentOpened, nodeId: string | null): Promise<string | null> {
    if (incident.stackTrace) return incident.stackTrace;
    if (!this.engine.knows(nodeId)) return null;
    try {
      if (incident.jobId)
        return (await this.engine.jobStackTrace(nodeId, incident.jobId)).slice(0, MAX_STACK_TRACE) || null;
      if (incident.externalTaskId)
        return (
          (await this.engine.externalTaskErrorDetails(nodeId, incident.externalTaskId)).slice(
            0,
            MAX_STACK_TRACE,
          ) || null
        );
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
