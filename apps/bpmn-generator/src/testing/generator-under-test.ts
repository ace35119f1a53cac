import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Kafka } from 'kafkajs';
import {
  AppLogger,
  connectEnvelopeConsumer,
  EventPublisher,
  KafkaRequestClient,
  RequestTimeoutError,
} from '@flowpilot/shared';
import { waitFor } from '../../../../test/support/wait-for';
import { BpmnGeneratorConfig } from '../bpmn-generator.config';
import { BpmnGeneratorModule } from '../bpmn-generator.module';

export interface GeneratorUnderTest {
  app: INestApplication;
  /** Asks as the gateway does: `bpmn.request.v1` → `bpmn.reply.v1`. */
  client: KafkaRequestClient<'bpmn.request.v1', 'bpmn.reply.v1'>;
}

/**
 * The generator in the test process on real Kafka and PostgreSQL, under its own schema and consumer
 * group (`service`), answering once its group owns its partitions (it starts at the newest offset).
 */
export async function startGenerator(
  config: BpmnGeneratorConfig,
  service: string,
  options: { replyGroupId: string; logs: boolean },
): Promise<GeneratorUnderTest> {
  const moduleRef = await Test.createTestingModule({
    imports: [BpmnGeneratorModule.register(config, service)],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  if (options.logs) app.useLogger(app.get(AppLogger));
  connectEnvelopeConsumer(app, { groupId: `${config.KAFKA_GROUP_PREFIX}.${service}`, fromBeginning: false });
  await app.init();
  await app.startAllMicroservices();
  const client = new KafkaRequestClient({
    kafka: app.get(Kafka),
    publisher: app.get(EventPublisher),
    requestTopic: 'bpmn.request.v1',
    replyTopic: 'bpmn.reply.v1',
    groupId: options.replyGroupId,
    defaultTimeoutMs: config.BPMN_REQUEST_TIMEOUT_MS,
  });
  await waitFor(
    'the generator to answer',
    async () => {
      try {
        return (await client.request({ type: 'list-templates' }, { timeoutMs: 2_000 })).ok;
      } catch (error) {
        if (error instanceof RequestTimeoutError) return false;
        throw error;
      }
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  return { app, client };
}
