import { z } from 'zod';
import { DataSource } from 'typeorm';
import { NotificationDraft, NotificationRepository } from '../database/notification.repository';
import { parseTaskInputOrIncident, userIdField } from '../runtime/task-input.util';
import { complete, LockedTask, TaskHandler, TaskOutcome } from '../runtime/task-handler';

const NotifySchema = z.object({
  userId: userIdField,
  walletId: z.uuid(),
  currency: z.string().length(3),
  email: z.email().optional(),
});

/** The "Send Notifications" task of processes/wallet-creation.bpmn: an in-app message, and an email when the request gave an address. */
export class NotifyWalletCreationHandler implements TaskHandler {
  readonly topic = 'notify-wallet-creation';

  constructor(
    private readonly db: DataSource,
    private readonly notifications: NotificationRepository,
  ) {}

  async handle(task: LockedTask): Promise<TaskOutcome> {
    const parsed = parseTaskInputOrIncident(NotifySchema, task);
    if (!parsed.ok) return parsed.outcome;
    const { userId, walletId, currency, email } = parsed.input;
    const message = {
      kind: 'WALLET_CREATED',
      subject: `Your ${currency} wallet is ready`,
      body: `Wallet ${walletId} (${currency}) has been created.`,
    };
    const drafts: NotificationDraft[] = [
      {
        ...message,
        dedupKey: `wallet-created:${walletId}:in-app`,
        recipient: userId,
        channel: 'IN_APP',
        processInstanceId: task.processInstanceId,
      },
    ];
    if (email)
      drafts.push({
        ...message,
        dedupKey: `wallet-created:${walletId}:email`,
        recipient: email,
        channel: 'EMAIL',
        processInstanceId: task.processInstanceId,
      });
    await this.notifications.enqueue(this.db, drafts);
    return complete({ notificationsSent: drafts.length, notifiedAt: new Date() });
  }
}
