import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// A relative path: Jest loads global set-up code without the moduleNameMapper that maps @flowpilot/shared.
import { psql } from '../../../libs/shared/src/testing/temporary-database';

/** The server binaries of the machine's newest PostgreSQL (Debian layout), unless FAULTS_PG_BIN says where. */
function serverBinaries(): string {
  if (process.env.FAULTS_PG_BIN) return process.env.FAULTS_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(`no PostgreSQL server under ${root} (apt-get install postgresql)`);
  return join(root, versions[0], 'bin');
}

const PG_BIN = serverBinaries();
/** initdb and postgres refuse to run as root: the cluster belongs to the postgres OS user. */
const PG_OS_USER = 'postgres';

/**
 * A PostgreSQL cluster of the fault suite's own, on its own port, so that the
 * suite can restart "the services' database" without touching the machine's
 * server that other tests use. Trust auth on 127.0.0.1 only.
 */
export class PrivatePostgres {
  readonly dataDir: string;
  readonly logFile: string;

  constructor(
    stackDir: string,
    readonly port: number,
  ) {
    this.dataDir = join(stackDir, 'postgres', 'data');
    this.logFile = join(stackDir, 'logs', 'postgres.log');
  }

  private asPostgres(binary: string, args: string[]): string {
    return execFileSync('runuser', ['-u', PG_OS_USER, '--', join(PG_BIN, binary), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Creates the cluster the first time; later runs reuse it. */
  init(): void {
    if (existsSync(join(this.dataDir, 'PG_VERSION'))) return;
    mkdirSync(this.dataDir, { recursive: true });
    mkdirSync(join(this.logFile, '..'), { recursive: true });
    execFileSync('chown', [
      '-R',
      `${PG_OS_USER}:${PG_OS_USER}`,
      join(this.dataDir, '..'),
      join(this.logFile, '..'),
    ]);
    chmodSync(this.dataDir, 0o700);
    this.asPostgres('initdb', [
      '-D',
      this.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    writeFileSync(
      join(this.dataDir, 'postgresql.auto.conf'),
      [
        `port = ${this.port}`,
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = ''",
        'max_connections = 100',
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        '',
      ].join('\n'),
    );
    execFileSync('chown', [`${PG_OS_USER}:${PG_OS_USER}`, join(this.dataDir, 'postgresql.auto.conf')]);
  }

  isRunning(): boolean {
    try {
      execFileSync(join(PG_BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(this.port), '-t', '2']);
      return true;
    } catch {
      return false;
    }
  }

  start(): void {
    this.asPostgres('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60', 'start']);
  }

  /** Fast shutdown: open sessions are cut, as in a database restart or fail-over. */
  stop(): void {
    if (!existsSync(join(this.dataDir, 'postmaster.pid'))) return;
    this.asPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  createDatabase(name: string): void {
    psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, 'postgres', { port: this.port });
    psql(`CREATE DATABASE ${name}`, 'postgres', { port: this.port });
  }
}
