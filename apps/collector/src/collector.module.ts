import { DynamicModule, Module, Provider } from '@nestjs/common';
import { FlowpilotCoreModule } from '@flowpilot/shared';
import { CollectorConfig } from './collector.config';
import { PostgresNodeStateStore } from './persistence/node-state.store';
import { CollectorState1763900000000 } from './persistence/collector-state.migration';
import { SnapshotMarkStore } from './persistence/snapshot-mark.store';
import { WatermarkTimeZone1764000000000 } from './persistence/watermark-time-zone.migration';
import { EngineFlavour1764100000000 } from './persistence/engine-flavour.migration';
import { PostgresWatermarkStore } from './persistence/watermark.store';
import { CollectionService } from './polling/collection.service';
import { PollScheduler } from './polling/poll-scheduler.service';

export interface CollectorModuleOptions {
  /** Run the per-node timers (off in tests that drive cycles themselves). */
  schedule?: boolean;
}

@Module({})
export class CollectorModule {
  static register(config: CollectorConfig, options: CollectorModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      PostgresWatermarkStore,
      PostgresNodeStateStore,
      SnapshotMarkStore,
      CollectionService,
    ];
    if (options.schedule ?? true) providers.push(PollScheduler);
    return {
      module: CollectorModule,
      imports: [
        FlowpilotCoreModule.forRoot({
          service: 'collector',
          config,
          migrations: [
            CollectorState1763900000000,
            WatermarkTimeZone1764000000000,
            EngineFlavour1764100000000,
          ],
        }),
      ],
      providers,
      exports: [CollectionService],
    };
  }
}
