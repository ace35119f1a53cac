import { z } from 'zod';
import { upperCaseEnumField, userIdField } from '../runtime/task-input.util';

export const SUPPORTED_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY'] as const;

/** The variables a wallet creation process starts with. */
export const WalletRequestSchema = z.object({
  userId: userIdField,
  currency: upperCaseEnumField(SUPPORTED_CURRENCIES),
  walletType: upperCaseEnumField(['PERSONAL', 'BUSINESS']).default('PERSONAL'),
  /** A business wallet needs a verified KYC (from the KYC validation process). */
  kycStatus: z.string().trim().toUpperCase().optional(),
  email: z.email().optional(),
});
export type WalletRequest = z.output<typeof WalletRequestSchema>;

export const INVALID_WALLET_REQUEST = 'INVALID_WALLET_REQUEST';
export const WALLET_ALREADY_EXISTS = 'WALLET_ALREADY_EXISTS';
