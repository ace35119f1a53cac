import { DynamicModule, Module } from '@nestjs/common';
import { CamundaFleet, CamundaReadiness, FlowpilotCoreModule } from '@flowpilot/shared';
import { TaskHandlers } from './bootstrap/task-handlers.service';
import { WorkersLifecycle } from './bootstrap/workers-lifecycle.service';
import { NotificationRepository } from './database/notification.repository';
import { SecurityEventRepository } from './database/security-event.repository';
import { WorkersSchema1763900000000 } from './database/workers-schema.migration';
import { WorkerEventPublisher } from './events/worker-event.publisher';
import { FareDecisionEvents } from './fare-rules/fare-decision.events';
import { WorkersObservability } from './observability/workers.observability';
import { ExternalTaskApi } from './runtime/external-task.api';
import { WorkerEvents } from './runtime/worker.events';
import { WorkerRuntime } from './runtime/worker-runtime';
import { WalletRepository } from './wallet/wallet.repository';
import { WorkersConfig } from './workers.config';
import { workersSettingsProviders } from './workers.settings';

@Module({})
export class WorkersModule {
  static register(config: WorkersConfig): DynamicModule {
    return {
      module: WorkersModule,
      imports: [
        FlowpilotCoreModule.forRoot({ service: 'workers', config, migrations: [WorkersSchema1763900000000] }),
      ],
      providers: [
        ...workersSettingsProviders(config),
        CamundaFleet,
        CamundaReadiness,
        WorkerEvents,
        FareDecisionEvents,
        WorkersObservability,
        WalletRepository,
        SecurityEventRepository,
        NotificationRepository,
        TaskHandlers,
        ExternalTaskApi,
        WorkerRuntime,
        WorkerEventPublisher,
        WorkersLifecycle,
      ],
    };
  }
}
