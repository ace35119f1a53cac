import { z } from 'zod';
import { DataSource } from 'typeorm';
import { NotificationRepository } from '../database/notification.repository';
import { SecurityEventRepository } from '../database/security-event.repository';
import {
  countryCodeField,
  parseInstanceTaskInput,
  upperCaseEnumField,
  userIdField,
} from '../runtime/task-input.util';
import { complete, LockedTask, TaskHandler, TaskOutcome } from '../runtime/task-handler';

export const INVALID_MERCHANT_REQUEST = 'INVALID_MERCHANT_REQUEST';
/** Risk scores from this value up are refused automatically. */
const MAX_APPROVABLE_RISK = 70;

const MerchantSchema = z.object({
  merchantId: userIdField,
  businessName: z.string().trim().min(2).max(200),
  registrationNumber: z.string().trim().min(1).max(40),
  country: countryCodeField,
  riskScore: z.coerce.number().int().min(0).max(100),
  ownerKycStatus: upperCaseEnumField(['VERIFIED', 'REJECTED', 'PENDING']),
  contactEmail: z.email().optional(),
});

/**
 * The "Merchant Approval" task of processes/merchant-approval.bpmn: decides APPROVED or REJECTED, stores the
 * decision and a security event, and queues the merchant's notification,
 * all in one transaction.
 */
export class ProcessMerchantApprovalHandler implements TaskHandler {
  readonly topic = 'process-merchant-approval';

  constructor(
    private readonly db: DataSource,
    private readonly security: SecurityEventRepository,
    private readonly notifications: NotificationRepository,
  ) {}

  async handle(task: LockedTask): Promise<TaskOutcome> {
    const parsed = parseInstanceTaskInput(MerchantSchema, task, INVALID_MERCHANT_REQUEST);
    if (!parsed.ok) return parsed.outcome;
    const { input: m, processInstanceId } = parsed;
    const reasons: string[] = [];
    if (m.ownerKycStatus !== 'VERIFIED') reasons.push(`owner KYC is ${m.ownerKycStatus}`);
    if (m.riskScore >= MAX_APPROVABLE_RISK)
      reasons.push(`risk score ${m.riskScore} is ${MAX_APPROVABLE_RISK} or more`);
    if (!/^[A-Z0-9-]{4,30}$/i.test(m.registrationNumber)) reasons.push('registration number malformed');
    const status = reasons.length === 0 ? 'APPROVED' : 'REJECTED';
    const reason = reasons.join('; ') || 'all approval checks passed';
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO merchant_approvals (merchant_id, business_name, status, risk_score, reasons, process_instance_id)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (process_instance_id) DO NOTHING`,
        [m.merchantId, m.businessName, status, m.riskScore, JSON.stringify(reasons), processInstanceId],
      );
      await this.security.record(tx, {
        dedupKey: `merchant:${processInstanceId}`,
        userId: m.merchantId,
        eventType: 'MERCHANT_DECISION',
        severity: status === 'APPROVED' ? 'INFO' : 'LOW',
        action: status,
        details: { riskScore: m.riskScore, country: m.country, reasons },
        processInstanceId,
      });
      await this.notifications.enqueue(tx, [
        {
          dedupKey: `merchant:${processInstanceId}:decision`,
          recipient: m.contactEmail ?? m.merchantId,
          channel: m.contactEmail ? 'EMAIL' : 'IN_APP',
          kind: status === 'APPROVED' ? 'MERCHANT_APPROVED' : 'MERCHANT_REJECTED',
          subject: `Merchant application ${status.toLowerCase()}`,
          body: `${m.businessName}: ${reason}.`,
          processInstanceId,
        },
      ]);
    });
    return complete({ merchantStatus: status, merchantDecisionReason: reason });
  }
}
