import { defineTopic } from './topic-definition';
import { ThresholdsChangedSchema } from './settings.contract';

/** Run-time settings, published by the gateway. Do not rename without a new version. */
export const SETTINGS_TOPICS = {
  'settings.thresholds.v1': defineTopic({
    schema: ThresholdsChangedSchema,
    // One key: changes are applied in the order they were made.
    key: () => 'thresholds',
    partitions: 1,
    retentionDays: 3650,
    description:
      'Analysis thresholds in force (snapshot of overrides); the analyzer applies them without a restart.',
  }),
} as const;
