import { z } from 'zod';
import { commonSettings, databaseSettings, integer, kafkaSettings } from '@flowpilot/shared';

/** Every setting incident-ai reads, validated at start-up (see README, "Settings"). */
export const IncidentAiConfigSchema = z.object({
  ...commonSettings,
  ...kafkaSettings,
  ...databaseSettings,
  HTTP_PORT: integer(3003, 1, 65535),
});

export type IncidentAiConfig = z.output<typeof IncidentAiConfigSchema>;
