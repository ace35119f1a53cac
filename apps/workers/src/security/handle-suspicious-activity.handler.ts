import { z } from 'zod';
import { DataSource } from 'typeorm';
import { NotificationRepository } from '../database/notification.repository';
import { SecurityEventDraft, SecurityEventRepository } from '../database/security-event.repository';
import { parseInstanceTaskInput, upperCaseEnumField, userIdField } from '../runtime/task-input.util';
import { complete, LockedTask, TaskHandler, TaskOutcome } from '../runtime/task-handler';

export const INVALID_SECURITY_ALERT = 'INVALID_SECURITY_ALERT';

const AlertSchema = z.object({
  userId: userIdField,
  activityType: upperCaseEnumField(['LOGIN_ANOMALY', 'LARGE_TRANSFER', 'VELOCITY', 'DEVICE_CHANGE']),
  riskScore: z.coerce.number().int().min(0).max(100),
  description: z.string().max(1_000).optional(),
});

export type SecurityAction = 'ACCOUNT_LOCKED' | 'STEP_UP_AUTH' | 'MONITOR';

/** Risk thresholds: 80+ locks the account, 50+ requires step-up authentication. */
export function securityActionFor(riskScore: number): {
  action: SecurityAction;
  severity: SecurityEventDraft['severity'];
} {
  if (riskScore >= 80) return { action: 'ACCOUNT_LOCKED', severity: 'CRITICAL' };
  if (riskScore >= 50) return { action: 'STEP_UP_AUTH', severity: 'HIGH' };
  return { action: 'MONITOR', severity: 'LOW' };
}

/**
 * The "Suspicious Activity Handling" task of processes/suspicious-activity.bpmn: applies the security measure
 * (account restriction), records the event and alerts the user.
 */
export class HandleSuspiciousActivityHandler implements TaskHandler {
  readonly topic = 'handle-suspicious-activity';

  constructor(
    private readonly db: DataSource,
    private readonly security: SecurityEventRepository,
    private readonly notifications: NotificationRepository,
  ) {}

  async handle(task: LockedTask): Promise<TaskOutcome> {
    const parsed = parseInstanceTaskInput(AlertSchema, task, INVALID_SECURITY_ALERT);
    if (!parsed.ok) return parsed.outcome;
    const { input: alert, processInstanceId } = parsed;
    const { action, severity } = securityActionFor(alert.riskScore);
    await this.db.transaction(async (tx) => {
      if (action === 'ACCOUNT_LOCKED')
        await this.security.restrict(
          tx,
          alert.userId,
          'LOCKED',
          `${alert.activityType} risk ${alert.riskScore}`,
          processInstanceId,
        );
      if (action === 'STEP_UP_AUTH')
        await this.security.restrict(
          tx,
          alert.userId,
          'STEP_UP_AUTH',
          `${alert.activityType} risk ${alert.riskScore}`,
          processInstanceId,
        );
      await this.security.record(tx, {
        dedupKey: `suspicious:${processInstanceId}`,
        userId: alert.userId,
        eventType: alert.activityType,
        severity,
        action,
        details: { riskScore: alert.riskScore, description: alert.description ?? null },
        processInstanceId,
      });
      if (action !== 'MONITOR') {
        await this.notifications.enqueue(tx, [
          {
            dedupKey: `suspicious:${processInstanceId}:alert`,
            recipient: alert.userId,
            channel: 'IN_APP',
            kind: 'SECURITY_ALERT',
            subject:
              action === 'ACCOUNT_LOCKED' ? 'Your account has been locked' : 'Please confirm it is you',
            body: `Unusual activity (${alert.activityType.toLowerCase().replace('_', ' ')}) was detected on your account.`,
            processInstanceId,
          },
        ]);
      }
    });
    return complete({ securityAction: action, securitySeverity: severity });
  }
}
