import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { AppProcess } from '../../test/support/app-process';
import { KafkaProgress } from './kafka-progress';
import { pipelineKafka } from './pipeline-stack';
import { RUN, SETTINGS } from './pipeline-settings';
import { MemorySampler, ProcessMemory } from './process-memory';
import { watchCounter, WatchResult } from './progress-watch';

const ROOT = resolve(__dirname, '../..');

/** One consumer (or group of replicas) reading what the topics hold, from the beginning, in a new group. */
export interface ReplayResult {
  label: string;
  /** Events the topics held when it started: what it had to get through. */
  events: number;
  watch: WatchResult;
  /** From starting the processes to the last commit, start-up and group join included (null if not reached). */
  totalMs: number | null;
  memory: ProcessMemory | null;
}

/**
 * Starts the apps (replicas of one service in one new consumer group), and
 * follows the group's committed offsets on `topics` until they reach the end
 * the topics had at the start. The rate counts from the first commit's
 * interval, so process start-up and the group join are not in it.
 */
export async function replayThroughApps(
  label: string,
  apps: AppProcess[],
  groupId: string,
  topics: string[],
  progress: KafkaProgress,
  started: AppProcess[],
): Promise<ReplayResult> {
  const end = await progress.endTotal(topics);
  const startValue = await progress.committedTotal(groupId, topics);
  const startedAt = Date.now();
  const memory = new MemorySampler(() => apps.flatMap((app) => (app.pid ? [app.pid] : []))).start();
  started.push(...apps);
  const watch = watchCounter(() => progress.committedTotal(groupId, topics), end, {
    timeoutMs: SETTINGS.phaseTimeoutMs,
    startValue,
  });
  await Promise.all(apps.map((app) => app.start()));
  const result = await watch;
  return {
    label,
    events: end - startValue,
    watch: result,
    totalMs: result.reachedAt === null ? null : result.reachedAt - startedAt,
    memory: memory.stop(),
  };
}

/** The floor: bare-consumer.ts in its own process, followed the same way as the services. */
export async function replayThroughBareConsumer(
  label: string,
  topics: string[],
  progress: KafkaProgress,
): Promise<ReplayResult & { own: string }> {
  const groupId = `bench-pipeline-${RUN}-bare-${label}`;
  const end = await progress.endTotal(topics);
  const startValue = await progress.committedTotal(groupId, topics);
  const startedAt = Date.now();
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      resolve(__dirname, 'bare-consumer.ts'),
      JSON.stringify({
        brokers: pipelineKafka,
        groupId,
        topics,
        expected: end - startValue,
        timeoutMs: SETTINGS.phaseTimeoutMs,
      }),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let own = '';
  child.stdout.on('data', (chunk: Buffer) => (own += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    const watch = await watchCounter(() => progress.committedTotal(groupId, topics), end, {
      timeoutMs: SETTINGS.phaseTimeoutMs,
      startValue,
    });
    await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
    return {
      label,
      events: end - startValue,
      watch,
      totalMs: watch.reachedAt === null ? null : watch.reachedAt - startedAt,
      memory: null,
      own: own.trim(),
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
