import { DataSource } from 'typeorm';
import { NotificationRepository } from '../database/notification.repository';
import { SecurityEventRepository } from '../database/security-event.repository';
import { AnalyzeFareRulesHandler } from '../fare-rules/analyze-fare-rules.handler';
import { DecisionCache } from '../fare-rules/decision-cache';
import { FareDecision } from '../fare-rules/fare-decision';
import { LlmEvents } from '../fare-rules/llm-events';
import { OpenAiFareModel } from '../fare-rules/openai-fare.model';
import { RateLimiter } from '../fare-rules/rate-limiter';
import { CalculateRefundHandler } from '../refund/calculate-refund.handler';
import { ProcessRefundPaymentHandler } from '../refund/process-refund-payment.handler';
import { RefundPaymentGateway } from '../refund/refund-payment.gateway';
import { TaskHandler } from '../runtime/task-handler';
import { HandleSuspiciousActivityHandler } from '../security/handle-suspicious-activity.handler';
import { ProcessEmailVerificationHandler } from '../security/process-email-verification.handler';
import { ProcessMerchantApprovalHandler } from '../security/process-merchant-approval.handler';
import { ValidateKycDataHandler } from '../security/validate-kyc-data.handler';
import { CreateWalletHandler } from '../wallet/create-wallet.handler';
import { NotifyWalletCreationHandler } from '../wallet/notify-wallet-creation.handler';
import { ValidateWalletRequestHandler } from '../wallet/validate-wallet-request.handler';
import { WalletRepository } from '../wallet/wallet.repository';
import { WorkersConfig } from '../workers.config';

/** Every handler this service offers; WORKER_TOPICS narrows which are subscribed. */
export function createHandlers(config: WorkersConfig, db: DataSource, llmEvents: LlmEvents): TaskHandler[] {
  const wallets = new WalletRepository();
  const security = new SecurityEventRepository();
  const notifications = new NotificationRepository();
  const model = config.OPENAI_API_KEY
    ? new OpenAiFareModel({
        apiKey: config.OPENAI_API_KEY,
        baseUrl: config.OPENAI_BASE_URL,
        model: config.OPENAI_MODEL,
        timeoutMs: config.LLM_TIMEOUT_MS,
      })
    : null;
  const all: TaskHandler[] = [
    new AnalyzeFareRulesHandler(
      model,
      new DecisionCache<FareDecision>(config.LLM_CACHE_SIZE, config.LLM_CACHE_TTL_MS),
      new RateLimiter(config.LLM_RATE_LIMIT_PER_MINUTE),
      llmEvents,
      {
        rateLimitWaitMs: config.LLM_TIMEOUT_MS,
        priceInputPerMTok: config.LLM_PRICE_INPUT_PER_MTOK,
        priceOutputPerMTok: config.LLM_PRICE_OUTPUT_PER_MTOK,
      },
    ),
    new CalculateRefundHandler(),
    new ProcessRefundPaymentHandler(
      db,
      config.PAYMENT_GATEWAY_URL
        ? new RefundPaymentGateway(config.PAYMENT_GATEWAY_URL, config.PAYMENT_GATEWAY_TIMEOUT_MS)
        : null,
    ),
    new ValidateWalletRequestHandler(db, wallets, security),
    new CreateWalletHandler(db, wallets),
    new NotifyWalletCreationHandler(db, notifications),
    new ValidateKycDataHandler(db, security),
    new ProcessMerchantApprovalHandler(db, security, notifications),
    new HandleSuspiciousActivityHandler(db, security, notifications),
    new ProcessEmailVerificationHandler(db, notifications, config.EMAIL_VERIFICATION_TTL_MS),
  ];
  if (config.WORKER_TOPICS.length === 0) return all;
  const unknown = config.WORKER_TOPICS.filter((topic) => !all.some((h) => h.topic === topic));
  if (unknown.length > 0)
    throw new Error(`WORKER_TOPICS names topics no handler serves: ${unknown.join(', ')}`);
  return all.filter((h) => config.WORKER_TOPICS.includes(h.topic));
}
