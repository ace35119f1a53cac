import { DynamicModule, Module } from '@nestjs/common';
import { FlowpilotCoreModule } from '@flowpilot/shared';
import { AnalyzerConfig } from './analyzer.config';
import { analyzerSettingsProviders } from './analyzer.settings';
import { DurationSketchRepository } from './bottlenecks/duration-sketch.repository';
import { ActivityFactService } from './facts/activity-fact.service';
import { JudgementPublisher } from './facts/judgement-publisher.service';
import { EngineFactService } from './facts/engine-fact.service';
import { FactConsumer } from './facts/fact.consumer';
import { ProcessFactService } from './facts/process-fact.service';
import { UserTaskFactService } from './facts/user-task-fact.service';
import { NodeStateRepository } from './health/node-state.repository';
import { JobOutcomeRepository } from './job-risk/job-outcome.repository';
import { ProcessDayRepository } from './leaderboard/process-day.repository';
import { JudgementEvents } from './observability/judgement.events';
import { AnalyzerObservability } from './observability/analyzer.observability';
import { AnalyzerSchema1763900000000 } from './persistence/analyzer-schema.migration';
import { FactLedgerRepository } from './persistence/fact-ledger.repository';
import { JudgementResultsRepository } from './reports/judgement-results.repository';
import { DefinitionReportsService } from './reports/definition-reports.service';
import { NodeReportsService } from './reports/node-reports.service';
import { ReportCycleService } from './reports/report-cycle.service';
import { ReportWindowPruner } from './reports/report-window.pruner';
import { ReportPublisher } from './reports/report-publisher.service';
import { SlaItemsRepository } from './sla/sla-items.repository';
import { SlaSweepService } from './sla/sla-sweep.service';
import { DurationRecorder } from './statistics/duration-recorder.service';
import { DurationStatsRepository } from './statistics/duration-stats.repository';
import { ThresholdsConsumer } from './thresholds/thresholds.consumer';
import { ThresholdsRepository } from './thresholds/thresholds.repository';
import { ThresholdsService } from './thresholds/thresholds.service';

@Module({})
export class AnalyzerModule {
  /** `service` names the schema and consumer group; tests pass their own so runs do not share state. */
  static register(config: AnalyzerConfig, service = 'analyzer'): DynamicModule {
    return {
      module: AnalyzerModule,
      imports: [FlowpilotCoreModule.forRoot({ service, config, migrations: [AnalyzerSchema1763900000000] })],
      controllers: [FactConsumer, ThresholdsConsumer],
      providers: [
        ...analyzerSettingsProviders(config),
        JudgementEvents,
        AnalyzerObservability,
        FactLedgerRepository,
        DurationStatsRepository,
        DurationSketchRepository,
        JobOutcomeRepository,
        ProcessDayRepository,
        SlaItemsRepository,
        NodeStateRepository,
        JudgementResultsRepository,
        ThresholdsRepository,
        ThresholdsService,
        DurationRecorder,
        JudgementPublisher,
        ActivityFactService,
        ProcessFactService,
        UserTaskFactService,
        EngineFactService,
        SlaSweepService,
        ReportPublisher,
        DefinitionReportsService,
        NodeReportsService,
        ReportWindowPruner,
        ReportCycleService,
      ],
    };
  }
}
