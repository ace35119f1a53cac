import { DataSource } from 'typeorm';
import { LlmClient, llmClientSettings, LlmRateLimiter } from '@flowpilot/shared/llm';
import { NotificationRepository } from '../database/notification.repository';
import { SecurityEventRepository } from '../database/security-event.repository';
import { AnalyzeFareRulesHandler, FARE_ANSWER_MAX_TOKENS } from '../fare-rules/analyze-fare-rules.handler';
import { DecisionCache } from '../fare-rules/decision-cache';
import { FareDecision } from '../fare-rules/fare-decision';
import { LlmEvents } from '../fare-rules/llm-events';
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

/** Seed 004's LLM-backed fare decision, wired from the settings (the model only with a key). */
export function createFareRulesHandler(config: WorkersConfig, llmEvents: LlmEvents): AnalyzeFareRulesHandler {
  // No retries: a failed call sends the refund to a human at once instead of holding the task.
  const settings = llmClientSettings(
    { ...config, LLM_MAX_RETRIES: 0, LLM_RETRY_BASE_MS: 1, LLM_MAX_OUTPUT_TOKENS: FARE_ANSWER_MAX_TOKENS },
    { inputUsdPerMTok: config.LLM_PRICE_INPUT_PER_MTOK, outputUsdPerMTok: config.LLM_PRICE_OUTPUT_PER_MTOK },
  );
  return new AnalyzeFareRulesHandler(
    settings ? new LlmClient(settings) : null,
    new DecisionCache<FareDecision>(config.LLM_CACHE_SIZE, config.LLM_CACHE_TTL_MS),
    new LlmRateLimiter(config.LLM_RATE_LIMIT_PER_MINUTE),
    llmEvents,
    { rateLimitWaitMs: config.LLM_TIMEOUT_MS },
  );
}

/** Every handler this service offers; WORKER_TOPICS narrows which are subscribed. */
export function createHandlers(config: WorkersConfig, db: DataSource, llmEvents: LlmEvents): TaskHandler[] {
  const wallets = new WalletRepository();
  const security = new SecurityEventRepository();
  const notifications = new NotificationRepository();
  const all: TaskHandler[] = [
    createFareRulesHandler(config, llmEvents),
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
