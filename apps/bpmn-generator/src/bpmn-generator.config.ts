import { z } from 'zod';
import { commonSettings, databaseSettings, integer, kafkaSettings } from '@flowpilot/shared';

/** Every setting bpmn-generator reads, validated at start-up (see README, "Settings"). */
export const BpmnGeneratorConfigSchema = z.object({
  ...commonSettings,
  ...kafkaSettings,
  ...databaseSettings,
  HTTP_PORT: integer(3004, 1, 65535),
});

export type BpmnGeneratorConfig = z.output<typeof BpmnGeneratorConfigSchema>;
