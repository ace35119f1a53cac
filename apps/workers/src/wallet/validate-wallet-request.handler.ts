import { DataSource } from 'typeorm';
import { SecurityEventRepository } from '../database/security-event.repository';
import { parseTaskInput } from '../runtime/task-input.util';
import { complete, LockedTask, TaskHandler, TaskOutcome } from '../runtime/task-handler';
import { WalletRepository } from './wallet.repository';
import { INVALID_WALLET_REQUEST, WalletRequest, WalletRequestSchema } from './wallet-request.schema';

/**
 * The "Validate Wallet Request" task of processes/wallet-creation.bpmn: malformed input is a BPMN error
 * (INVALID_WALLET_REQUEST); a well-formed request the rules refuse completes
 * with walletRequestValid=false and the reason, for the "Valid?" gateway.
 */
export class ValidateWalletRequestHandler implements TaskHandler {
  readonly topic = 'validate-wallet-request';

  constructor(
    private readonly db: DataSource,
    private readonly wallets: WalletRepository,
    private readonly security: SecurityEventRepository,
  ) {}

  async handle(task: LockedTask): Promise<TaskOutcome> {
    const parsed = parseTaskInput(WalletRequestSchema, task, INVALID_WALLET_REQUEST);
    if (!parsed.ok) return parsed.outcome;
    const rejection = await this.rejectionOf(parsed.input);
    return complete({
      walletRequestValid: rejection === null,
      walletRejectionReason: rejection,
      currency: parsed.input.currency,
      walletType: parsed.input.walletType,
    });
  }

  private async rejectionOf(request: WalletRequest): Promise<string | null> {
    if (request.walletType === 'BUSINESS' && request.kycStatus !== 'VERIFIED')
      return 'a business wallet needs a verified KYC';
    const restriction = await this.security.restrictionOf(this.db, request.userId);
    if (restriction === 'LOCKED') return 'the account is locked';
    const existing = await this.wallets.findByUserAndCurrency(this.db, request.userId, request.currency);
    if (existing) return `the user already has a ${request.currency} wallet`;
    return null;
  }
}
