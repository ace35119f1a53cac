import { z } from 'zod';
import { commonSettings, databaseSettings, integer, kafkaSettings } from '@flowpilot/shared';

/** Every setting workers reads, validated at start-up (see README, "Settings"). */
export const WorkersConfigSchema = z.object({
  ...commonSettings,
  ...kafkaSettings,
  ...databaseSettings,
  HTTP_PORT: integer(3005, 1, 65535),
});

export type WorkersConfig = z.output<typeof WorkersConfigSchema>;
