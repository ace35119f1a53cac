import type { ThresholdsChanged } from '../../contracts/settings.contract';
import { AT } from './payload-instants';

/** The run-time thresholds the gateway publishes (`settings.thresholds.v1`), fields replaced by `overrides`. */
export const thresholdsChanged = (overrides: Partial<ThresholdsChanged> = {}): ThresholdsChanged => ({
  revision: 1,
  changedAt: AT,
  changedBy: 'admin',
  thresholds: { anomalyZScore: 3 },
  ...overrides,
});
