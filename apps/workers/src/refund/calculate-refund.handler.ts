import { z } from 'zod';
import { parseTaskInputOrIncident } from '../runtime/task-input.util';
import { complete, LockedTask, TaskHandler, TaskOutcome } from '../runtime/task-handler';

/** Penalty per class: a share of the price with a minimum fee, never more than the price. */
const PENALTIES: Record<string, { rate: number; minimum: number }> = {
  ECONOMY: { rate: 0.25, minimum: 50 },
  PREMIUM_ECONOMY: { rate: 0.2, minimum: 50 },
  BUSINESS: { rate: 0.1, minimum: 100 },
  FIRST: { rate: 0.05, minimum: 100 },
};

const RefundSchema = z.object({
  ticketPrice: z.coerce.number().nonnegative().max(1_000_000),
  refundType: z.enum(['FULL', 'PENALTY']),
  ticketClass: z
    .string()
    .trim()
    .toUpperCase()
    .transform((v) => v.replace(/[\s-]+/g, '_'))
    .pipe(z.enum(['ECONOMY', 'PREMIUM_ECONOMY', 'BUSINESS', 'FIRST']))
    .catch('ECONOMY'),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/)
    .default('EUR'),
});

export function refundAmounts(
  price: number,
  refundType: 'FULL' | 'PENALTY',
  ticketClass: string,
): { refundAmount: number; penaltyAmount: number } {
  if (refundType === 'FULL') return { refundAmount: round(price), penaltyAmount: 0 };
  const { rate, minimum } = PENALTIES[ticketClass] ?? PENALTIES.ECONOMY;
  const penalty = Math.min(price, Math.max(price * rate, minimum));
  return { refundAmount: round(price - penalty), penaltyAmount: round(penalty) };
}

const round = (value: number) => Math.round(value * 100) / 100;

/** "Calculate refund" of the ticket-refund process: the refundType input of each task says full or with penalty. */
export class CalculateRefundHandler implements TaskHandler {
  readonly topic = 'calculate-refund';
  readonly variables = ['ticketPrice', 'refundType', 'ticketClass', 'currency'];

  async handle(task: LockedTask): Promise<TaskOutcome> {
    const parsed = parseTaskInputOrIncident(RefundSchema, task);
    if (!parsed.ok) return parsed.outcome;
    const { ticketPrice, refundType, ticketClass, currency } = parsed.input;
    return complete({ ...refundAmounts(ticketPrice, refundType, ticketClass), refundCurrency: currency });
  }
}
