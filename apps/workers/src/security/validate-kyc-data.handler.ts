import { z } from 'zod';
import { DataSource } from 'typeorm';
import { SecurityEventRepository } from '../database/security-event.repository';
import {
  countryCodeField,
  dateField,
  parseInstanceTaskInput,
  upperCaseEnumField,
  userIdField,
} from '../runtime/task-input.util';
import { complete, LockedTask, TaskHandler, TaskOutcome } from '../runtime/task-handler';

export const INVALID_KYC_DATA = 'INVALID_KYC_DATA';
const MINIMUM_AGE_YEARS = 18;

const KycSchema = z.object({
  userId: userIdField,
  fullName: z.string().trim().min(2).max(200),
  dateOfBirth: dateField,
  documentType: upperCaseEnumField(['PASSPORT', 'ID_CARD', 'DRIVING_LICENSE']),
  documentNumber: z.string().trim().min(1).max(40),
  documentExpiry: dateField,
  country: countryCodeField,
});
type KycData = z.output<typeof KycSchema>;

/**
 * The "KYC Validation" task of processes/kyc-validation.bpmn: checks the identity data, records the result
 * (kyc_verifications) and a security event in one transaction, and sets
 * kycStatus VERIFIED or REJECTED with the reasons.
 */
export class ValidateKycDataHandler implements TaskHandler {
  readonly topic = 'validate-kyc-data';

  constructor(
    private readonly db: DataSource,
    private readonly security: SecurityEventRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async handle(task: LockedTask): Promise<TaskOutcome> {
    const parsed = parseInstanceTaskInput(KycSchema, task, INVALID_KYC_DATA);
    if (!parsed.ok) return parsed.outcome;
    const { input: kyc, processInstanceId } = parsed;
    const reasons = kycProblems(kyc, this.now());
    const status = reasons.length === 0 ? 'VERIFIED' : 'REJECTED';
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO kyc_verifications (user_id, status, reasons, document_type, country, process_instance_id)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (process_instance_id) DO NOTHING`,
        [kyc.userId, status, JSON.stringify(reasons), kyc.documentType, kyc.country, processInstanceId],
      );
      await this.security.record(tx, {
        dedupKey: `kyc:${processInstanceId}`,
        userId: kyc.userId,
        eventType: 'KYC_VALIDATED',
        severity: status === 'VERIFIED' ? 'INFO' : 'MEDIUM',
        action: status,
        details: { documentType: kyc.documentType, country: kyc.country, reasons },
        processInstanceId,
      });
    });
    return complete({ kycStatus: status, kycReasons: reasons.join('; ') || null, kycCheckedAt: this.now() });
  }
}

export function kycProblems(kyc: KycData, now: Date): string[] {
  const problems: string[] = [];
  if (ageInYears(kyc.dateOfBirth, now) < MINIMUM_AGE_YEARS)
    problems.push(`younger than ${MINIMUM_AGE_YEARS}`);
  if (kyc.dateOfBirth > now) problems.push('date of birth in the future');
  if (kyc.documentExpiry <= now) problems.push('document expired');
  if (!/^[A-Z0-9]{6,20}$/.test(kyc.documentNumber.replace(/[\s-]/g, '').toUpperCase()))
    problems.push('document number malformed');
  return problems;
}

function ageInYears(birth: Date, now: Date): number {
  let age = now.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < birth.getUTCMonth() ||
    (now.getUTCMonth() === birth.getUTCMonth() && now.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}
