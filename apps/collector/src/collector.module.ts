import { DynamicModule, Module } from '@nestjs/common';
import { FlowpilotCoreModule } from '@flowpilot/shared';
import { CollectorConfig } from './collector.config';
import { CollectorRunOptions, collectorSettingsProviders } from './collector.settings';
import { NodeEngineFactory } from './engine/node-engine.factory';
import { CollectorEvents } from './observability/collector.events';
import { CollectorObservability } from './observability/collector.observability';
import { CollectorState1763900000000 } from './persistence/collector-state.migration';
import { EngineFlavour1764100000000 } from './persistence/engine-flavour.migration';
import { PostgresNodeStateStore } from './persistence/node-state.store';
import { SnapshotMarkStore } from './persistence/snapshot-mark.store';
import { WatermarkTimeZone1764000000000 } from './persistence/watermark-time-zone.migration';
import { PostgresWatermarkStore } from './persistence/watermark.store';
import { NodeCycleFactory } from './polling/node-cycle.factory';
import { NodePollerFactory } from './polling/node-poller.factory';
import { PollScheduler } from './polling/poll-scheduler.service';
import { NodeSnapshotsFactory } from './snapshots/node-snapshots.factory';

export type CollectorModuleOptions = CollectorRunOptions;

@Module({})
export class CollectorModule {
  static register(config: CollectorConfig, options: CollectorModuleOptions = {}): DynamicModule {
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
      providers: [
        ...collectorSettingsProviders(config, options),
        CollectorEvents,
        CollectorObservability,
        PostgresWatermarkStore,
        PostgresNodeStateStore,
        SnapshotMarkStore,
        NodeEngineFactory,
        NodeSnapshotsFactory,
        NodeCycleFactory,
        NodePollerFactory,
        PollScheduler,
      ],
      exports: [PollScheduler],
    };
  }
}
