import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationRepository } from '../database/notification.repository';
import { SecurityEventRepository } from '../database/security-event.repository';
import { FareDecisionEvents } from '../fare-rules/fare-decision.events';
import { TaskHandler } from '../runtime/task-handler';
import { WalletRepository } from '../wallet/wallet.repository';
import { HandlerSettings } from '../workers.settings';
import { createHandlers, selectHandlers } from './handlers.factory';

/** The handlers this process subscribes, made once from the settings and the shared repositories. */
@Injectable()
export class TaskHandlers {
  readonly selected: readonly TaskHandler[];

  constructor(
    settings: HandlerSettings,
    db: DataSource,
    wallets: WalletRepository,
    security: SecurityEventRepository,
    notifications: NotificationRepository,
    fareDecisions: FareDecisionEvents,
  ) {
    const all = createHandlers(settings, { db, wallets, security, notifications, fareDecisions });
    this.selected = selectHandlers(all, settings.topics);
  }
}
