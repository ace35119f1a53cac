import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer, AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import {
  AppLogger,
  createKafkaClient,
  EventPublisher,
  kafkaSettings,
  loadConfig,
  PipelineEvents,
  TOPIC_NAMES,
} from '@flowpilot/shared';
import { z } from 'zod';
import { waitFor } from '../../../test/support/wait-for';

const ROOT = resolve(__dirname, '../../..');

/** What the tests take from their own environment: the broker list, and PATH for child processes. */
const testSettings = loadConfig(
  'gateway-it',
  z.object({ PATH: z.string().default('/usr/local/bin:/usr/bin:/bin'), ...kafkaSettings }),
);

/**
 * A Flowpilot app as its own OS process, run from source (ts-node, no build),
 * so integration tests can restart it or kill it mid-work. Output goes to
 * test-output/logs/<tag>.log.
 */
export class SourceAppProcess {
  private child: ChildProcess | null = null;
  private port: number | null = null;

  constructor(
    private readonly app: string,
    private readonly env: Record<string, string>,
    private readonly tag: string,
  ) {}

  /** The same port across restarts, so subscribers and tests keep one address. */
  get baseUrl(): string {
    if (this.port === null) throw new Error(`${this.app} has not been started`);
    return `http://127.0.0.1:${this.port}`;
  }

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    if (this.port === null) {
      this.port = await freePort();
      await startGroupAtLatest(`${this.env.KAFKA_GROUP_PREFIX}.${this.app}`);
    }
    mkdirSync(resolve(ROOT, 'test-output/logs'), { recursive: true });
    const log = createWriteStream(resolve(ROOT, 'test-output/logs', `${this.tag}.log`), { flags: 'a' });
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        `apps/${this.app}/src/main.ts`,
      ],
      {
        cwd: ROOT,
        env: {
          PATH: testSettings.PATH,
          KAFKA_BROKERS: testSettings.KAFKA_BROKERS.join(','),
          ...this.env,
          ...extraEnv,
          HTTP_PORT: String(this.port),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(new Error(`${this.app} exited with ${code}; see test-output/logs/${this.tag}.log`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([
      waitFor(`${this.app} on :${this.port}`, async () => (await fetch(`${this.baseUrl}/health/ready`)).ok, {
        timeoutMs: 90_000,
        intervalMs: 250,
      }),
      exited,
    ]);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill(signal);
    await exited;
    this.child = null;
  }
}

/** The gateway from source, with a helper for its API. */
export class GatewayProcess extends SourceAppProcess {
  constructor(env: Record<string, string>, tag: string) {
    super('gateway', env, tag);
  }

  api(path: string, key: string | null, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (key) headers.set('X-API-Key', key);
    if (init.body) headers.set('content-type', 'application/json');
    return fetch(`${this.baseUrl}/api/v1${path}`, { ...init, headers });
  }
}

/**
 * The shared broker holds every earlier run's messages; a new consumer group
 * would replay all of them before reaching this test's. Committing the latest
 * offsets first makes the test gateway start where the test begins publishing.
 */
async function startGroupAtLatest(groupId: string): Promise<void> {
  const kafka = createKafkaClient('gateway-it', testSettings, new AppLogger('gateway-it', 'warn'));
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const topics = TOPIC_NAMES.filter((t) => existing.has(t));
  const ends = await Promise.all(
    topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })),
  );
  await admin.disconnect();
  // Offsets can only be committed by a member of the group: join, commit the ends, leave.
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: false });
    const joined = new Promise<void>((resolveJoin) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolveJoin()),
    );
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    await joined;
    await consumer.commitOffsets(
      ends.flatMap(({ topic, partitions }) =>
        partitions.map((p) => ({ topic, partition: p.partition, offset: p.high })),
      ),
    );
  } finally {
    await consumer.disconnect();
  }
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** Publishes facts the way the collector and incident-ai do. */
export async function testPublisher(): Promise<{ publisher: EventPublisher; close: () => Promise<void> }> {
  const kafka: Kafka = createKafkaClient('gateway-it', testSettings, new AppLogger('gateway-it', 'warn'));
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return {
    publisher: new EventPublisher(producer, 'gateway-it', new PipelineEvents()),
    close: () => producer.disconnect(),
  };
}
