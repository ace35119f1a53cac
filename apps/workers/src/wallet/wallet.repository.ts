import { Injectable } from '@nestjs/common';
import { Queryable } from '@flowpilot/shared';

export interface WalletRow {
  id: string;
  user_id: string;
  currency: string;
  wallet_type: string;
  status: string;
  created_at: Date;
}

@Injectable()
export class WalletRepository {
  async findByUserAndCurrency(db: Queryable, userId: string, currency: string): Promise<WalletRow | null> {
    const rows = await db.query<WalletRow[]>(`SELECT * FROM wallets WHERE user_id = $1 AND currency = $2`, [
      userId,
      currency,
    ]);
    return rows[0] ?? null;
  }

  async findByProcessInstance(db: Queryable, processInstanceId: string): Promise<WalletRow | null> {
    const rows = await db.query<WalletRow[]>(`SELECT * FROM wallets WHERE process_instance_id = $1`, [
      processInstanceId,
    ]);
    return rows[0] ?? null;
  }

  /** Throws PostgreSQL's unique violation `wallets_user_currency` when the user already has a wallet in that currency. */
  async create(
    db: Queryable,
    wallet: { userId: string; currency: string; walletType: string; processInstanceId: string },
  ): Promise<WalletRow> {
    const rows = await db.query<WalletRow[]>(
      `INSERT INTO wallets (user_id, currency, wallet_type, status, process_instance_id) VALUES ($1, $2, $3, 'ACTIVE', $4) RETURNING *`,
      [wallet.userId, wallet.currency, wallet.walletType, wallet.processInstanceId],
    );
    return rows[0];
  }
}
