import { createConnection, type Connection } from 'mysql2/promise';
import { historySqlStreams } from '../streams/history.streams';
import { IncrementalStreamRunner } from '../streams/incremental-stream.runner';
import type { AnyFactStream } from '../streams/fact-stream';
import { RecordingPublisher } from '@flowpilot/shared/testing';
import { MemoryWatermarks } from '../testing/memory-watermarks';
import { MysqlEngineDatabase } from './mysql-engine-database';

/**
 * The SQL path on the machine's real MariaDB, on tables as older Camunda MySQL scripts create them: DATETIME
 * and TIMESTAMP of *second* precision (the engine schema's DDL with the fraction removed), in utf8_bin.
 * Many rows share one second, rows commit late with an earlier second, and TIMESTAMP values are written
 * from sessions in other zones: every fact must still be published exactly once, at the right instant.
 */
const MARIADB = {
  host: process.env.MARIADB_HOST ?? '127.0.0.1',
  port: Number(process.env.MARIADB_PORT ?? 3306),
};
const USER = process.env.MARIADB_USER ?? 'root';
const DATABASE = `flowpilot_mysql_it_${Date.now().toString(36)}`;

const DDL = [
  `CREATE TABLE ACT_HI_PROCINST (ID_ varchar(64) not null, PROC_INST_ID_ varchar(64) not null,
    BUSINESS_KEY_ varchar(255), PROC_DEF_KEY_ varchar(255), PROC_DEF_ID_ varchar(64) not null,
    START_TIME_ datetime not null, END_TIME_ datetime, DURATION_ bigint, STATE_ varchar(255),
    primary key (ID_)) ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE utf8_bin`,
  `CREATE INDEX ACT_IDX_HI_PRO_INST_PROC_TIME ON ACT_HI_PROCINST (START_TIME_, END_TIME_)`,
  `CREATE TABLE ACT_HI_INCIDENT (ID_ varchar(64) not null, PROC_DEF_KEY_ varchar(255), PROC_DEF_ID_ varchar(64),
    PROC_INST_ID_ varchar(64), EXECUTION_ID_ varchar(64), CREATE_TIME_ timestamp not null, END_TIME_ timestamp null,
    INCIDENT_MSG_ varchar(4000), INCIDENT_TYPE_ varchar(255) not null, ACTIVITY_ID_ varchar(255),
    FAILED_ACTIVITY_ID_ varchar(255), CAUSE_INCIDENT_ID_ varchar(64), ROOT_CAUSE_INCIDENT_ID_ varchar(64),
    CONFIGURATION_ varchar(255), INCIDENT_STATE_ integer, TENANT_ID_ varchar(64),
    primary key (ID_)) ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE utf8_bin`,
  `CREATE INDEX ACT_IDX_HI_INCIDENT_CREATE_TIME ON ACT_HI_INCIDENT (CREATE_TIME_)`,
];

describe('MysqlEngineDatabase on MariaDB: second precision, late commits, session time zones', () => {
  let admin: Connection;
  let sut: MysqlEngineDatabase;
  let streams: Map<string, AnyFactStream>;
  let clock: number;
  const publisher = new RecordingPublisher();
  const runner = () =>
    new IncrementalStreamRunner(watermarks, publisher, {
      pageSize: 3,
      maxPages: 2,
      overlapMs: 5_000,
      initialBackfillMs: 3_600_000,
      cursorTimeZone: 'UTC',
      now: () => clock,
    });
  const watermarks = new MemoryWatermarks();

  const startProcess = (id: string, start: string) =>
    admin.query(
      `INSERT INTO ACT_HI_PROCINST (ID_, PROC_INST_ID_, PROC_DEF_KEY_, PROC_DEF_ID_, START_TIME_, STATE_)
       VALUES (?, ?, 'mx', 'mx:1:1', ?, 'ACTIVE')`,
      [id, id, start],
    );
  const ids = (topic: 'camunda.process.started.v1' | 'camunda.incident.opened.v1') =>
    publisher.eventsOf(topic).map((p) => p.eventId);

  beforeAll(async () => {
    admin = await createConnection({ ...MARIADB, user: USER });
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.query(`USE ${DATABASE}`);
    for (const statement of DDL) await admin.query(statement);
    sut = new MysqlEngineDatabase({
      url: `mariadb://${USER}@${MARIADB.host}:${MARIADB.port}/${DATABASE}`,
      poolSize: 2,
      statementTimeoutMs: 10_000,
      timeZone: 'UTC',
    });
    streams = new Map(historySqlStreams(sut, 'UTC', async () => null).map((s) => [s.name, s]));
    clock = Date.parse('2026-06-01T12:00:30.000Z');
  });

  afterAll(async () => {
    await sut?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin?.end();
  });

  it('publishes every row of a crowded second once, across pages and runs, and a late commit once', async () => {
    const stream = streams.get('process-started') as AnyFactStream;
    // Seven rows in one second: more than two pages of three.
    for (let i = 0; i < 7; i++) await startProcess(`p-${i}`, '2026-06-01 12:00:10');
    await startProcess('p-7', '2026-06-01 12:00:11');

    const first = await runner().run('n', stream);
    const second = await runner().run('n', stream);
    // A transaction that started earlier commits now, with a second behind the mark (inside the window).
    await startProcess('p-late', '2026-06-01 12:00:09');
    const third = await runner().run('n', stream);
    const fourth = await runner().run('n', stream);

    expect([first.truncated, second.published + first.published, third.published, fourth.published]).toEqual([
      true,
      8,
      1,
      0,
    ]);
    const published = ids('camunda.process.started.v1');
    expect(new Set(published).size).toBe(published.length);
    expect(published).toHaveLength(9);
    expect(
      publisher.payloadsOf('camunda.process.started.v1').find((p) => p.processInstanceId === 'p-late')
        ?.startedAt,
    ).toBe('2026-06-01T12:00:09.000Z');
  });

  it('reads TIMESTAMP columns at the same instant whatever zone the writing session had', async () => {
    const stream = streams.get('incident-opened') as AnyFactStream;
    const insert = async (zone: string, id: string, wallClock: string) => {
      await admin.query('SET time_zone = ?', [zone]);
      await admin.query(
        `INSERT INTO ACT_HI_INCIDENT (ID_, PROC_DEF_KEY_, PROC_INST_ID_, CREATE_TIME_, INCIDENT_TYPE_, INCIDENT_STATE_)
         VALUES (?, 'mx', 'p-0', ?, 'failedJob', 0)`,
        [id, wallClock],
      );
    };
    // The same instant, 12:00:20 UTC, written by sessions in three zones.
    await insert('+00:00', 'i-utc', '2026-06-01 12:00:20');
    await insert('+05:00', 'i-plus5', '2026-06-01 17:00:20');
    await insert('-03:00', 'i-minus3', '2026-06-01 09:00:20');
    await admin.query('SET time_zone = ?', ['+00:00']);

    await runner().run('n', stream);
    await runner().run('n', stream);

    const opened = publisher.eventsOf('camunda.incident.opened.v1');
    expect(opened.map((p) => [p.payload.incidentId, p.payload.createdAt]).sort()).toEqual([
      ['i-minus3', '2026-06-01T12:00:20.000Z'],
      ['i-plus5', '2026-06-01T12:00:20.000Z'],
      ['i-utc', '2026-06-01T12:00:20.000Z'],
    ]);
    expect(new Set(ids('camunda.incident.opened.v1')).size).toBe(3);
  });

  it('names CAMUNDA_DB_TIME_ZONE when the server cannot take the engine zone', async () => {
    const zoned = new MysqlEngineDatabase({
      url: `mysql://${USER}@${MARIADB.host}:${MARIADB.port}/${DATABASE}`,
      poolSize: 1,
      statementTimeoutMs: 10_000,
      timeZone: 'Mars/Olympus_Mons',
    });
    try {
      await expect(zoned.query('SELECT 1')).rejects.toThrow(/CAMUNDA_DB_TIME_ZONE/);
    } finally {
      await zoned.close();
    }
  });
});
