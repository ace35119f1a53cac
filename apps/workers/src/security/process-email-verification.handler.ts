import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DataSource } from 'typeorm';
import { NotificationRepository } from '../database/notification.repository';
import { parseInstanceTaskInput, userIdField } from '../runtime/task-input.util';
import { complete, LockedTask, TaskHandler, TaskOutcome } from '../runtime/task-handler';

export const INVALID_EMAIL_REQUEST = 'INVALID_EMAIL_REQUEST';

const EmailSchema = z.object({
  userId: userIdField,
  email: z.email(),
});

interface VerificationRow {
  id: string;
  expires_at: Date;
  status: string;
}

/**
 * The "Email Verification" task of processes/email-verification.bpmn: generates a one-time token (only its hash
 * is stored), queues the verification email, and tracks the verification.
 * The token never becomes a process variable.
 */
export class ProcessEmailVerificationHandler implements TaskHandler {
  readonly topic = 'process-email-verification';

  constructor(
    private readonly db: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async handle(task: LockedTask): Promise<TaskOutcome> {
    const parsed = parseInstanceTaskInput(EmailSchema, task, INVALID_EMAIL_REQUEST);
    if (!parsed.ok) return parsed.outcome;
    const { userId, email } = parsed.input;
    const { processInstanceId } = parsed;
    const row = await this.db.transaction(async (tx) => {
      const existing = await tx.query<VerificationRow[]>(
        `SELECT id, expires_at, status FROM email_verifications WHERE process_instance_id = $1`,
        [processInstanceId],
      );
      if (existing[0]) return existing[0];
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(this.now().getTime() + this.ttlMs);
      const [created] = await tx.query<VerificationRow[]>(
        `INSERT INTO email_verifications (user_id, email, token_hash, status, expires_at, process_instance_id)
         VALUES ($1, $2, $3, 'PENDING', $4, $5) RETURNING id, expires_at, status`,
        [
          userId,
          email.toLowerCase(),
          createHash('sha256').update(token).digest('hex'),
          expiresAt,
          processInstanceId,
        ],
      );
      await this.notifications.enqueue(tx, [
        {
          dedupKey: `email-verification:${created.id}`,
          recipient: email,
          channel: 'EMAIL',
          kind: 'EMAIL_VERIFICATION',
          subject: 'Confirm your email address',
          body: `Your verification code: ${token}`,
          processInstanceId,
        },
      ]);
      return created;
    });
    return complete({
      verificationId: row.id,
      verificationStatus: row.status,
      verificationExpiresAt: new Date(row.expires_at),
    });
  }
}
