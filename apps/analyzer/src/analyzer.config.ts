import { z } from 'zod';
import { commonSettings, databaseSettings, integer, kafkaSettings } from '@flowpilot/shared';

/** Every setting analyzer reads, validated at start-up (see README, "Settings"). */
export const AnalyzerConfigSchema = z.object({
  ...commonSettings,
  ...kafkaSettings,
  ...databaseSettings,
  HTTP_PORT: integer(3002, 1, 65535),
});

export type AnalyzerConfig = z.output<typeof AnalyzerConfigSchema>;
