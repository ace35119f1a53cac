import { randomUUID } from 'node:crypto';
import { FakeOpenAiServer } from '../../../test/support/fake-openai.server';
import { FakePaymentGateway } from './testing/fake-payment.gateway';
import { bool, dbl, int, ProcessDriver, str } from './testing/process-driver';
import { WorkersHarness } from './testing/workers-harness';

const ENGINE = process.env.CAMUNDA_NODE_1_URL ?? 'http://127.0.0.1:8080/engine-rest';

/**
 * Every path of every shipped process (processes/*.bpmn), driven to its end event on the real
 * Camunda 7.24 node with the real handlers and PostgreSQL. The fare-rules
 * LLM is a local OpenAI-compatible server started here (no LLM is reachable).
 */
jest.setTimeout(30_000);

describe('the shipped processes on Camunda', () => {
  const camunda = new ProcessDriver(ENGINE);
  const workers = new WorkersHarness();
  const openai = new FakeOpenAiServer();
  const payments = new FakePaymentGateway();
  const run = randomUUID().slice(0, 8);
  let seq = 0;
  const unique = (prefix: string) => `${prefix}-${run}-${++seq}`;

  beforeAll(async () => {
    await camunda.deployAll();
    const [openaiUrl, paymentUrl] = await Promise.all([openai.start(), payments.start()]);
    await workers.start({
      CAMUNDA_REST_URL: ENGINE,
      CAMUNDA_CLIENT_ASYNC_RESPONSE_TIMEOUT: '1000',
      WORKER_SHUTDOWN_GRACE_MS: '2000',
      OPENAI_API_KEY: 'sk-local-test',
      OPENAI_BASE_URL: openaiUrl,
      OPENAI_MODEL: 'local-model',
      LLM_TIMEOUT_MS: '500',
      PAYMENT_GATEWAY_URL: paymentUrl,
      WORKER_RETRY_BASE_MS: '100',
    });
  }, 60_000);

  afterAll(async () => {
    await workers.stop();
    await Promise.all([openai.stop(), payments.stop()]);
  });

  describe('ticket-refund', () => {
    // Distinct days per instance, so the decision cache never answers for the model.
    const booking = (days: number, extra: Record<string, { value: unknown; type: string }> = {}) => ({
      bookingId: str(unique('DEMO')),
      ticketClass: str('Economy'),
      fareType: str('STANDARD'),
      daysUntilFlight: int(days),
      ticketPrice: dbl(400),
      currency: str('EUR'),
      ...extra,
    });

    it('ALLOWED: full refund paid through the gateway', async () => {
      openai.reply({ kind: 'answer', content: 'ALLOWED' });
      const id = await camunda.start('ticket-refund', booking(31));

      expect(await camunda.endEventOf(id)).toBe('End_RefundCompleted');
      expect(await camunda.variable(id, 'fareRuleCheck')).toBe('ALLOWED');
      expect(await camunda.variable(id, 'llmProvider')).toBe('OpenAI local-model');
      expect(await camunda.variable(id, 'refundAmount')).toBe(400);
      expect(await camunda.variable(id, 'paymentStatus')).toBe('PAID');
      const [row] = await workers.db.query(
        `SELECT status, amount FROM refund_payments WHERE process_instance_id = $1`,
        [id],
      );
      expect(row).toEqual({ status: 'PAID', amount: '400.00' });
    });

    it('WITH_PENALTY: refund minus the class penalty is offered', async () => {
      openai.reply({ kind: 'answer', content: 'WITH_PENALTY' });
      const id = await camunda.start('ticket-refund', booking(32));

      expect(await camunda.endEventOf(id)).toBe('End_PenaltyRefundOffered');
      expect(await camunda.variable(id, 'penaltyAmount')).toBe(100);
      expect(await camunda.variable(id, 'refundAmount')).toBe(300);
    });

    it('MANUAL, approved by the reviewer: refund paid', async () => {
      openai.reply({ kind: 'answer', content: 'MANUAL' });
      const id = await camunda.start('ticket-refund', booking(33));

      await camunda.completeUserTask(id, 'task_manual_review', { approved: bool(true) });

      expect(await camunda.endEventOf(id)).toBe('End_RefundCompleted');
    });

    it('an invalid LLM answer goes to manual review with the reason; rejected there', async () => {
      openai.reply({ kind: 'answer', content: 'SURE, REFUND EVERYTHING' });
      const id = await camunda.start('ticket-refund', booking(34));

      await camunda.completeUserTask(id, 'task_manual_review', { approved: bool(false) });

      expect(await camunda.endEventOf(id)).toBe('End_RefundRejected');
      expect(await camunda.variable(id, 'fareRuleCheck')).toBe('MANUAL');
      expect(await camunda.variable(id, 'llmError')).toMatch(/invalid LLM answer/);
    });

    it('a 429 from the LLM provider goes to manual review; the SLA timer escalates to a manager', async () => {
      openai.reply({ kind: 'status', status: 429 });
      const id = await camunda.start('ticket-refund', booking(35, { manualReviewSla: str('PT1S') }));

      await camunda.fireDueTimer(id);
      await camunda.completeUserTask(id, 'task_escalate_manager');

      expect(await camunda.endEventOf(id)).toBe('End_SlaBreachHandled');
      expect(await camunda.variable(id, 'llmError')).toMatch(/429/);
    });

    it('payment errors are retried by the process and the third attempt pays', async () => {
      openai.reply({ kind: 'answer', content: 'ALLOWED' });
      payments.failNext(2);
      const id = await camunda.start('ticket-refund', booking(36));

      expect(await camunda.endEventOf(id)).toBe('End_RefundCompleted');
      expect(await camunda.variable(id, 'apiErrorCount')).toBe(2);
      expect(payments.calls.filter((c) => c.idempotencyKey === `refund-${id}`)).toHaveLength(3);
    });

    it('three failed payment attempts escalate to an operator', async () => {
      openai.reply({ kind: 'answer', content: 'ALLOWED' });
      payments.failNext(3);
      const id = await camunda.start('ticket-refund', booking(37));

      await camunda.completeUserTask(id, 'task_escalate_payment');

      expect(await camunda.endEventOf(id)).toBe('End_PaymentEscalated');
      expect(await camunda.variable(id, 'apiErrorCount')).toBe(3);
      expect(await camunda.variable(id, 'paymentErrorMessage')).toBe('payment gateway answered HTTP 502');
    });
  });

  describe('wallet-creation', () => {
    it('creates the wallet and queues the notifications', async () => {
      const userId = unique('user');
      const id = await camunda.start('wallet-creation', {
        userId: str(userId),
        currency: str('eur'),
        email: str(`${userId}@example.com`),
      });

      expect(await camunda.endEventOf(id)).toBe('End_WalletCreated');
      const walletId = await camunda.variable(id, 'walletId');
      const [wallet] = await workers.db.query(`SELECT user_id, currency, status FROM wallets WHERE id = $1`, [
        walletId,
      ]);
      expect(wallet).toEqual({ user_id: userId, currency: 'EUR', status: 'ACTIVE' });
      const sent = await workers.db.query(
        `SELECT channel FROM notifications WHERE process_instance_id = $1 ORDER BY channel`,
        [id],
      );
      expect(sent).toEqual([{ channel: 'EMAIL' }, { channel: 'IN_APP' }]);
    });

    it('rejects a second wallet in the same currency', async () => {
      const userId = unique('user');
      const first = await camunda.start('wallet-creation', { userId: str(userId), currency: str('USD') });
      await camunda.endEventOf(first);

      const second = await camunda.start('wallet-creation', { userId: str(userId), currency: str('USD') });

      expect(await camunda.endEventOf(second)).toBe('End_WalletRequestRejected');
      expect(await camunda.variable(second, 'walletRejectionReason')).toBe(
        'the user already has a USD wallet',
      );
    });

    it('ends an invalid request through the INVALID_WALLET_REQUEST error', async () => {
      const id = await camunda.start('wallet-creation', {
        userId: str(unique('user')),
        currency: str('DOGE'),
      });

      expect(await camunda.endEventOf(id)).toBe('End_WalletRequestInvalid');
      expect(await camunda.variable(id, 'validationError')).toMatch(/currency/);
    });
  });

  describe('security processes', () => {
    const kyc = (overrides: Record<string, { value: unknown; type: string }> = {}) => ({
      userId: str(unique('kyc')),
      fullName: str('Ada Lovelace'),
      dateOfBirth: str('1990-12-10'),
      documentType: str('passport'),
      documentNumber: str('X1234567'),
      documentExpiry: str('2099-01-01'),
      country: str('gb'),
      ...overrides,
    });

    it.each([
      ['verified', {}, 'End_KycVerified'],
      ['rejected (expired document)', { documentExpiry: str('2001-01-01') }, 'End_KycRejected'],
      ['invalid (no name)', { fullName: str('') }, 'End_Invalid'],
    ])('KYC %s', async (_case, overrides, end) => {
      const id = await camunda.start('kyc-validation', kyc(overrides));

      expect(await camunda.endEventOf(id)).toBe(end);
    });

    it('KYC records the verification and a security event', async () => {
      const id = await camunda.start('kyc-validation', kyc({ documentExpiry: str('2001-01-01') }));
      await camunda.endEventOf(id);

      const [row] = await workers.db.query(
        `SELECT status, reasons FROM kyc_verifications WHERE process_instance_id = $1`,
        [id],
      );
      expect(row).toEqual({ status: 'REJECTED', reasons: ['document expired'] });
      const [event] = await workers.db.query(
        `SELECT event_type, action FROM security_events WHERE process_instance_id = $1`,
        [id],
      );
      expect(event).toEqual({ event_type: 'KYC_VALIDATED', action: 'REJECTED' });
    });

    const merchant = (overrides: Record<string, { value: unknown; type: string }> = {}) => ({
      merchantId: str(unique('merchant')),
      businessName: str('Acme Tickets Ltd'),
      registrationNumber: str('GB-123456'),
      country: str('GB'),
      riskScore: int(20),
      ownerKycStatus: str('VERIFIED'),
      ...overrides,
    });

    it.each([
      ['approved', {}, 'End_MerchantApproved'],
      ['rejected (risk)', { riskScore: int(85) }, 'End_MerchantRejected'],
      ['invalid (risk out of range)', { riskScore: int(150) }, 'End_Invalid'],
    ])('merchant %s', async (_case, overrides, end) => {
      const id = await camunda.start('merchant-approval', merchant(overrides));

      expect(await camunda.endEventOf(id)).toBe(end);
    });

    it.each([
      ['locks the account', 90, 'End_AccountLocked', 'LOCKED'],
      ['requires step-up authentication', 60, 'End_ActivityHandled', 'STEP_UP_AUTH'],
      ['only monitors', 10, 'End_ActivityHandled', null],
    ])('suspicious activity %s', async (_case, riskScore, end, restriction) => {
      const userId = unique('suspect');
      const id = await camunda.start('suspicious-activity', {
        userId: str(userId),
        activityType: str('LARGE_TRANSFER'),
        riskScore: int(riskScore),
      });

      expect(await camunda.endEventOf(id)).toBe(end);
      const rows = await workers.db.query(`SELECT restriction FROM account_restrictions WHERE user_id = $1`, [
        userId,
      ]);
      expect(rows[0]?.restriction ?? null).toBe(restriction);
    });

    it('suspicious activity with an unknown type ends invalid', async () => {
      const id = await camunda.start('suspicious-activity', {
        userId: str(unique('suspect')),
        activityType: str('ALIENS'),
        riskScore: int(50),
      });

      expect(await camunda.endEventOf(id)).toBe('End_Invalid');
    });

    it('a locked account cannot get a wallet', async () => {
      const userId = unique('suspect');
      await camunda.endEventOf(
        await camunda.start('suspicious-activity', {
          userId: str(userId),
          activityType: str('VELOCITY'),
          riskScore: int(95),
        }),
      );

      const id = await camunda.start('wallet-creation', { userId: str(userId), currency: str('EUR') });

      expect(await camunda.endEventOf(id)).toBe('End_WalletRequestRejected');
      expect(await camunda.variable(id, 'walletRejectionReason')).toBe('the account is locked');
    });

    it('email verification confirmed by the user', async () => {
      const id = await camunda.start('email-verification', {
        userId: str(unique('mail')),
        email: str('ada@example.com'),
      });
      await waitForActivity(camunda, id, 'Gateway_AwaitConfirmation');

      await camunda.correlate('EmailVerified', id);

      expect(await camunda.endEventOf(id)).toBe('End_EmailVerified');
      const [row] = await workers.db.query(
        `SELECT status, length(token_hash) AS hash_length FROM email_verifications WHERE process_instance_id = $1`,
        [id],
      );
      expect(row).toEqual({ status: 'PENDING', hash_length: 64 });
    });

    it('email verification expires', async () => {
      const id = await camunda.start('email-verification', {
        userId: str(unique('mail')),
        email: str('ada@example.com'),
        verificationTimeout: str('PT1S'),
      });
      await waitForActivity(camunda, id, 'Gateway_AwaitConfirmation');

      await camunda.fireDueTimer(id);

      expect(await camunda.endEventOf(id)).toBe('End_VerificationExpired');
    });

    it('email verification with a malformed address ends invalid', async () => {
      const id = await camunda.start('email-verification', {
        userId: str(unique('mail')),
        email: str('not-an-email'),
      });

      expect(await camunda.endEventOf(id)).toBe('End_EmailRequestInvalid');
    });
  });
});

async function waitForActivity(camunda: ProcessDriver, id: string, activityId: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!(await camunda.activeActivities(id)).includes(activityId)) {
    if (Date.now() > end) throw new Error(`instance ${id} never reached ${activityId}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
