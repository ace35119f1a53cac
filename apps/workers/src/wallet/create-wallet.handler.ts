import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../database/unique-violation.util';
import { parseInstanceTaskInput } from '../runtime/task-input.util';
import { bpmnError, complete, LockedTask, TaskHandler, TaskOutcome } from '../runtime/task-handler';
import { WalletRepository } from './wallet.repository';
import { WALLET_ALREADY_EXISTS, WalletRequestSchema } from './wallet-request.schema';

/**
 * The "Create Wallet" task of processes/wallet-creation.bpmn. Idempotent per process instance (a re-delivered
 * task returns the wallet it created); a wallet created for the same user and
 * currency by another process since validation is a BPMN error.
 */
export class CreateWalletHandler implements TaskHandler {
  readonly topic = 'create-wallet';

  constructor(
    private readonly db: DataSource,
    private readonly wallets: WalletRepository,
  ) {}

  async handle(task: LockedTask): Promise<TaskOutcome> {
    const parsed = parseInstanceTaskInput(WalletRequestSchema, task);
    if (!parsed.ok) return parsed.outcome;
    const { userId, currency, walletType } = parsed.input;
    const { processInstanceId } = parsed;
    let wallet = await this.wallets.findByProcessInstance(this.db, processInstanceId);
    if (!wallet) {
      try {
        wallet = await this.wallets.create(this.db, {
          userId,
          currency,
          walletType,
          processInstanceId: processInstanceId,
        });
      } catch (error) {
        if (!isUniqueViolation(error, 'wallets_user_currency')) throw error;
        return bpmnError(WALLET_ALREADY_EXISTS, `user ${userId} already has a ${currency} wallet`, {
          walletRejectionReason: `the user already has a ${currency} wallet`,
        });
      }
    }
    return complete({
      walletId: wallet.id,
      walletStatus: wallet.status,
      walletCreatedAt: new Date(wallet.created_at),
    });
  }
}
