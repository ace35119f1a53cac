import { Injectable } from '@nestjs/common';
import { Queryable } from '@flowpilot/shared';

export interface NotificationDraft {
  dedupKey: string;
  recipient: string;
  channel: 'EMAIL' | 'IN_APP';
  kind: string;
  subject: string;
  body: string;
  processInstanceId: string | null;
}

/**
 * The notification outbox: handlers write what must be sent, in the same
 * transaction as the change it announces; a delivery service drains PENDING
 * rows. The dedup key makes a re-delivered task write nothing new.
 */
@Injectable()
export class NotificationRepository {
  async enqueue(db: Queryable, drafts: NotificationDraft[]): Promise<number> {
    let written = 0;
    for (const d of drafts) {
      const rows = await db.query<{ id: string }[]>(
        `INSERT INTO notifications (dedup_key, recipient, channel, kind, subject, body, process_instance_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
        [d.dedupKey, d.recipient, d.channel, d.kind, d.subject, d.body, d.processInstanceId],
      );
      written += rows.length;
    }
    return written;
  }
}
