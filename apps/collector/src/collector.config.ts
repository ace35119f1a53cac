import { z } from 'zod';
import { commonSettings, databaseSettings, integer, kafkaSettings } from '@flowpilot/shared';

/** Every setting collector reads, validated at start-up (see README, "Settings"). */
export const CollectorConfigSchema = z.object({
  ...commonSettings,
  ...kafkaSettings,
  ...databaseSettings,
  HTTP_PORT: integer(3001, 1, 65535),
});

export type CollectorConfig = z.output<typeof CollectorConfigSchema>;
