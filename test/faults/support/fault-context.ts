import { AppProcess } from '../../support/app-process';
import type { FaultAppName } from './fault-apps';
import { WebhookReceiver } from '../../support/webhook-receiver';

/** What the fault scenarios share: the apps under test and the two webhook subscribers. */
export interface FaultContext {
  apps: Record<FaultAppName, AppProcess>;
  /** Up all the time; subscribed to every event type the scenarios cause. */
  receiver: WebhookReceiver;
  /** Refusing connections from the start until the last scenario brings it back. */
  lateReceiver: WebhookReceiver;
  lateReceiverPort: number;
  lateReceiverDownAt: number;
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
