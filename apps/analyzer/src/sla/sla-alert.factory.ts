import { deriveEventId, SlaAlert } from '@flowpilot/shared';
import { SlaItem } from './sla-items.repository';
import { SlaTarget } from './sla-target.resolver';

export interface SlaAlertInput {
  item: Omit<SlaItem, 'state'>;
  state: SlaAlert['state'];
  target: SlaTarget;
  atRiskShare: number;
  elapsedMs: number;
  open: boolean;
  now: Date;
}

export function buildSlaAlert(input: SlaAlertInput): SlaAlert {
  const { item, target } = input;
  return {
    state: input.state,
    subject: item.subject,
    nodeName: item.nodeId,
    processDefinitionKey: item.processDefinitionKey,
    processInstanceId: item.processInstanceId,
    taskId: item.subject === 'user-task' ? item.itemId : null,
    taskDefinitionKey: item.taskDefinitionKey,
    taskName: item.taskName,
    assignee: item.assignee,
    target: target.iso,
    targetSource: target.source,
    targetMs: target.ms,
    atRiskShare: input.atRiskShare,
    elapsedMs: Math.max(0, input.elapsedMs),
    shareOfTarget: target.ms > 0 ? Math.max(0, input.elapsedMs) / target.ms : 0,
    startedAt: item.startedAt.toISOString(),
    dueAt: new Date(item.startedAt.getTime() + target.ms).toISOString(),
    open: input.open,
    detectedAt: input.now.toISOString(),
  };
}

/** One id per (item, state): a re-sent alert is the same event, which consumers drop. */
export function slaAlertEventId(alert: SlaAlert): string {
  return deriveEventId(
    'analysis.sla',
    alert.nodeName,
    alert.subject,
    alert.taskId ?? alert.processInstanceId ?? '',
    alert.state,
  );
}
