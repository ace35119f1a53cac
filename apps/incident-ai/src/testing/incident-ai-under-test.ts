import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Admin } from 'kafkajs';
import { connectEnvelopeConsumer } from '@flowpilot/shared';
import { waitFor } from '../../../../test/support/wait-for';
import { IncidentAiConfig } from '../incident-ai.config';
import { IncidentAiModule } from '../incident-ai.module';

/**
 * incident-ai in the test process on real Kafka and PostgreSQL, consuming as `groupId` from the newest
 * offset: wait for `groupStable` before publishing what it must see.
 */
export async function startIncidentAi(config: IncidentAiConfig, groupId: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [IncidentAiModule.register(config)],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  connectEnvelopeConsumer(app, { groupId, fromBeginning: false });
  await app.init();
  await app.startAllMicroservices();
  return app;
}

/** Resolves once the consumer group owns its partitions. */
export function groupStable(admin: Admin, group: string): Promise<boolean> {
  return waitFor(
    `consumer group ${group} to be stable`,
    async () => (await admin.describeGroups([group])).groups[0]?.state === 'Stable',
    { timeoutMs: 60_000 },
  );
}
