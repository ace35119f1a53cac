import { z } from 'zod';
import { DataSource } from 'typeorm';
import { sanitizeIdentifier } from '../fare-rules/booking-facts';
import { parseInstanceTaskInput } from '../runtime/task-input.util';
import { bpmnError, complete, LockedTask, TaskHandler, TaskOutcome } from '../runtime/task-handler';
import { PaymentGatewayError, RefundPaymentGateway } from './refund-payment.gateway';

export const PAYMENT_API_ERROR = 'PAYMENT_API_ERROR';

const PaymentSchema = z.object({
  bookingId: z.string().transform(sanitizeIdentifier).pipe(z.string().min(1)),
  refundAmount: z.coerce.number().nonnegative(),
  refundCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('EUR'),
  apiErrorCount: z.coerce.number().int().min(0).default(0),
});

/**
 * "Process payment via gateway": pays the refund through the payment API
 * and records it (refund_payments). A refused or failed payment is the BPMN
 * error PAYMENT_API_ERROR, which the process retries up to 3 times and then
 * escalates. Without PAYMENT_GATEWAY_URL the refund is recorded for the
 * finance ledger (status RECORDED) instead of paid online.
 */
export class ProcessRefundPaymentHandler implements TaskHandler {
  readonly topic = 'process-refund-payment';
  readonly variables = ['bookingId', 'refundAmount', 'refundCurrency', 'apiErrorCount'];

  constructor(
    private readonly db: DataSource,
    private readonly gateway: RefundPaymentGateway | null,
  ) {}

  async handle(task: LockedTask): Promise<TaskOutcome> {
    const parsed = parseInstanceTaskInput(PaymentSchema, task);
    if (!parsed.ok) return parsed.outcome;
    const { bookingId, refundAmount, refundCurrency, apiErrorCount } = parsed.input;
    const { processInstanceId } = parsed;
    const done = await this.db.query<{ status: string; reference: string | null }[]>(
      `SELECT status, reference FROM refund_payments WHERE process_instance_id = $1`,
      [processInstanceId],
    );
    if (done[0]) return complete({ paymentStatus: done[0].status, paymentReference: done[0].reference });

    let status = 'RECORDED';
    let reference: string | null = null;
    if (this.gateway) {
      try {
        ({ reference } = await this.gateway.refund({
          idempotencyKey: `refund-${processInstanceId}`,
          bookingId,
          amount: refundAmount,
          currency: refundCurrency,
        }));
        status = 'PAID';
      } catch (error) {
        if (!(error instanceof PaymentGatewayError)) throw error;
        return bpmnError(PAYMENT_API_ERROR, error.message, {
          paymentStatus: 'FAILED',
          lastPaymentError: error.message,
          paymentAttempts: apiErrorCount + 1,
        });
      }
    }
    await this.db.query(
      `INSERT INTO refund_payments (process_instance_id, booking_id, amount, currency, status, reference)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (process_instance_id) DO NOTHING`,
      [processInstanceId, bookingId, refundAmount, refundCurrency, status, reference],
    );
    return complete({
      paymentStatus: status,
      paymentReference: reference,
      paymentAttempts: apiErrorCount + 1,
    });
  }
}
