export interface PaymentRequest {
  idempotencyKey: string;
  bookingId: string;
  amount: number;
  currency: string;
}

export class PaymentGatewayError extends Error {
  override name = 'PaymentGatewayError';
}

/**
 * The refund payment API (PAYMENT_GATEWAY_URL): POST `/refunds` with an
 * idempotency key, answering `{ reference }`. Any non-2xx answer, timeout or
 * network error is a PaymentGatewayError, which the process models as the
 * PAYMENT_API_ERROR boundary event.
 */
export class RefundPaymentGateway {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async refund(request: PaymentRequest): Promise<{ reference: string }> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/refunds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
        body: JSON.stringify({
          bookingId: request.bookingId,
          amount: request.amount,
          currency: request.currency,
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable';
      throw new PaymentGatewayError(`payment gateway ${reason}`);
    }
    if (!response.ok) throw new PaymentGatewayError(`payment gateway answered HTTP ${response.status}`);
    const body = (await response.json().catch(() => ({}))) as { reference?: unknown };
    if (typeof body.reference !== 'string' || body.reference.length === 0)
      throw new PaymentGatewayError('payment gateway answered without a reference');
    return { reference: body.reference.slice(0, 200) };
  }
}
