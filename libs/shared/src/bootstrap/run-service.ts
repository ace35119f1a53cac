import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthRegistry } from '../health/health-registry';
import { AppLogger } from '../logging/app-logger';
import { connectEnvelopeConsumer } from './connect-envelope-consumer';
import { CoreSettings } from './flowpilot-core.module';

export interface RunServiceOptions {
  service: string;
  module: DynamicModule | Type;
  config: CoreSettings;
  /** Gateway-style HTTP customisation (pipes, filters, OpenAPI) before listening. */
  configureHttp?: (app: INestApplication) => void | Promise<void>;
  /** Start a new consumer group from the earliest offset (default) or only new messages. */
  fromBeginning?: boolean;
}

/**
 * Starts one Flowpilot service: the HTTP listener (health, metrics, and the
 * gateway's API), the Kafka consumer as a Nest microservice transport, and
 * graceful shutdown on SIGTERM/SIGINT.
 */
export async function runService(options: RunServiceOptions): Promise<INestApplication> {
  const { service, config } = options;
  let app: INestApplication;
  try {
    app = await NestFactory.create(options.module, { bufferLogs: true, abortOnError: false });
  } catch (error) {
    process.stderr.write(`${service} failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  if (options.configureHttp) await options.configureHttp(app);

  connectEnvelopeConsumer(app, {
    groupId: `${config.KAFKA_GROUP_PREFIX}.${service}`,
    fromBeginning: options.fromBeginning ?? true,
  });
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, '0.0.0.0');
  app.get(HealthRegistry).markStarted();
  logger.log(`${service} started`, { httpPort: config.HTTP_PORT }, 'Bootstrap');

  installShutdownDeadline(config.SHUTDOWN_TIMEOUT_MS, logger);
  return app;
}

/** If graceful shutdown hangs, leave anyway: a stuck process is worse than an at-least-once redelivery. */
function installShutdownDeadline(timeoutMs: number, logger: AppLogger): void {
  const onSignal = (signal: string) => {
    logger.log(`received ${signal}, shutting down`, {}, 'Bootstrap');
    setTimeout(() => {
      logger.error(`shutdown took longer than ${timeoutMs} ms; exiting`, {}, 'Bootstrap');
      process.exit(1);
    }, timeoutMs).unref();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
