import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppLogger, ContextLogger, ThresholdsChanged } from '@flowpilot/shared';
import { ThresholdDefaults } from '../analyzer.settings';
import { EffectiveThresholds, overlayThresholds } from './effective-thresholds.util';
import { ThresholdsRepository } from './thresholds.repository';

/**
 * The thresholds in force. Changes arrive on the settings topic, are stored,
 * and take effect on the next fact or sweep; every replica re-reads the stored
 * overrides on each sweep, so the one that consumed the change is not the only
 * one to apply it.
 */
@Injectable()
export class ThresholdsService implements OnModuleInit {
  private readonly defaults: EffectiveThresholds;
  private effective: EffectiveThresholds;
  private revision = -1;
  private readonly log: ContextLogger;

  constructor(
    defaults: ThresholdDefaults,
    private readonly repository: ThresholdsRepository,
    logger: AppLogger,
  ) {
    this.defaults = { ...defaults };
    this.effective = this.defaults;
    this.log = logger.forContext('Thresholds');
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
  }

  current(): EffectiveThresholds {
    return this.effective;
  }

  async apply(change: ThresholdsChanged): Promise<'applied' | 'stale'> {
    const stored = await this.repository.saveIfNewer(change);
    await this.refresh();
    if (stored)
      this.log.info('thresholds changed', {
        revision: change.revision,
        changedBy: change.changedBy,
        thresholds: change.thresholds,
      });
    return stored ? 'applied' : 'stale';
  }

  async refresh(): Promise<void> {
    const stored = await this.repository.load();
    if (!stored || stored.revision === this.revision) return;
    this.revision = stored.revision;
    this.effective = overlayThresholds(this.defaults, stored.thresholds);
  }
}
