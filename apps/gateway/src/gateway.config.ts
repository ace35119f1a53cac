import { z } from 'zod';
import { commonSettings, databaseSettings, integer, kafkaSettings } from '@flowpilot/shared';

/** Every setting gateway reads, validated at start-up (see README, "Settings"). */
export const GatewayConfigSchema = z.object({
  ...commonSettings,
  ...kafkaSettings,
  ...databaseSettings,
  HTTP_PORT: integer(3000, 1, 65535),
});

export type GatewayConfig = z.output<typeof GatewayConfigSchema>;
