import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { MachineDescription } from './bench-report';

/** A probe's output, or why it could not tell (the report states it rather than guessing). */
function probe(file: string, args: string[], pick: (output: string) => string = (o) => o.trim()): string {
  try {
    const output = execFileSync(file, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 15_000,
    });
    return pick(output);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    return stderr?.trim().split('\n')[0] ?? `unknown (${(error as Error).message.split('\n')[0]})`;
  }
}

/** `java -version` writes to stderr, so it runs through a shell redirect. */
function javaVersion(): string {
  return probe('sh', ['-c', 'java -version 2>&1'], (o) => o.trim().split('\n')[0] || 'unknown');
}

function osName(): string {
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] ?? process.platform;
  return `${pretty}, kernel ${probe('uname', ['-r'])}`;
}

/** The Kafka the local stack unpacked (scripts/stack.sh keeps one distribution per version). */
function kafkaVersion(root: string): string {
  const dist = join(root, '.stack/dist');
  const found = existsSync(dist) ? readdirSync(dist).filter((d) => d.startsWith('kafka-')) : [];
  return found.length
    ? found.map((d) => d.slice('kafka-'.length)).join(', ')
    : 'unknown (no .stack/dist/kafka-*)';
}

async function camundaVersion(engineUrl: string): Promise<string> {
  try {
    const response = await fetch(`${engineUrl}/version`, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as { version?: string };
    return `${body.version ?? 'unknown'} (${engineUrl})`;
  } catch (error) {
    return `unknown (${(error as Error).message})`;
  }
}

/**
 * Processes using ≥ 10 % of a core over one second, measured by `top`'s second
 * sample (its first one averages over each process's whole life).
 */
export function busyProcesses(exceptPid = process.pid): string[] {
  const output = probe('top', ['-b', '-n', '2', '-d', '1', '-w', '200'], (o) => o);
  const blocks = output.split(/^\s*PID\s+USER.*$/m);
  const last = blocks[blocks.length - 1] ?? '';
  return last
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 12 && Number(fields[8]) >= 10 && Number(fields[0]) !== exceptPid)
    .map((fields) => `${fields.slice(11).join(' ')} ${fields[8]} %`);
}

export async function describeMachine(root: string, engineUrl: string): Promise<MachineDescription> {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: totalmem() / 1024 ** 3,
    os: osName(),
    node: process.version,
    java: javaVersion(),
    postgres: probe('psql', [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-Atc',
      'SHOW server_version',
    ]),
    kafka: kafkaVersion(root),
    camunda: await camundaVersion(engineUrl),
    gitCommit: probe('git', ['-C', root, 'rev-parse', '--short=12', 'HEAD']),
    gitDirty: probe('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']) !== '',
    loadAverageStart: loadavg(),
    loadAverageEnd: [],
    otherWorkAtStart: busyProcesses(),
  };
}
