import { DataSource } from 'typeorm';
import { LlmClient, LlmRateLimiter } from '@flowpilot/shared/llm';
import { NotificationRepository } from '../database/notification.repository';
import { SecurityEventRepository } from '../database/security-event.repository';
import { AnalyzeFareRulesHandler } from '../fare-rules/analyze-fare-rules.handler';
import { DecisionCache } from '../fare-rules/decision-cache';
import { FareDecision } from '../fare-rules/fare-decision';
import { FareDecisionEvents } from '../fare-rules/fare-decision.events';
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
import { FareModelSettings, HandlerSettings } from '../workers.settings';

/** The app-wide objects the handlers share. */
export interface HandlerDependencies {
  db: DataSource;
  wallets: WalletRepository;
  security: SecurityEventRepository;
  notifications: NotificationRepository;
  fareDecisions: FareDecisionEvents;
}

/** The LLM-backed fare decision with its own cache and rate limit (the model only with a key). */
export function createFareRulesHandler(
  settings: FareModelSettings,
  events: FareDecisionEvents,
): AnalyzeFareRulesHandler {
  return new AnalyzeFareRulesHandler(
    settings.llm ? new LlmClient(settings.llm) : null,
    new DecisionCache<FareDecision>(settings.cacheSize, settings.cacheTtlMs),
    new LlmRateLimiter(settings.ratePerMinute),
    events,
    { rateLimitWaitMs: settings.rateLimitWaitMs },
  );
}

/** Every handler this service offers, one object each. */
export function createHandlers(settings: HandlerSettings, deps: HandlerDependencies): TaskHandler[] {
  const { db, wallets, security, notifications } = deps;
  const gateway = settings.paymentGateway;
  return [
    createFareRulesHandler(settings.fareModel, deps.fareDecisions),
    new CalculateRefundHandler(),
    new ProcessRefundPaymentHandler(
      db,
      gateway ? new RefundPaymentGateway(gateway.url, gateway.timeoutMs) : null,
    ),
    new ValidateWalletRequestHandler(db, wallets, security),
    new CreateWalletHandler(db, wallets),
    new NotifyWalletCreationHandler(db, notifications),
    new ValidateKycDataHandler(db, security),
    new ProcessMerchantApprovalHandler(db, security, notifications),
    new HandleSuspiciousActivityHandler(db, security, notifications),
    new ProcessEmailVerificationHandler(db, notifications, settings.emailVerificationTtlMs),
  ];
}

/** The handlers WORKER_TOPICS selects: all when it is empty; a topic no handler serves is an error. */
export function selectHandlers(all: TaskHandler[], topics: readonly string[]): TaskHandler[] {
  if (topics.length === 0) return all;
  const unknown = topics.filter((topic) => !all.some((h) => h.topic === topic));
  if (unknown.length > 0)
    throw new Error(`WORKER_TOPICS names topics no handler serves: ${unknown.join(', ')}`);
  return all.filter((h) => topics.includes(h.topic));
}
