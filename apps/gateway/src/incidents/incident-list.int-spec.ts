import { DataSource } from 'typeorm';
import { TemporaryDatabase } from '@flowpilot/shared/testing';
import { GATEWAY_MIGRATIONS } from '../database/gateway.migrations';
import { IncidentListQuerySchema } from './incident-query.schema';
import { IncidentRepository } from './incident.repository';

/** The incident list's page and total on the real PostgreSQL, with the total's reuse between requests. */
const VIEW_KEYS = [
  'incidentId',
  'nodeId',
  'incidentType',
  'message',
  'processDefinitionKey',
  'processInstanceId',
  'activityId',
  'status',
  'openedAt',
  'resolvedAt',
  'analysis',
].sort();

describe('IncidentRepository.list (real PostgreSQL)', () => {
  let database: TemporaryDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = TemporaryDatabase.create('flowpilot_gw_incident_list');
    db = await database.openSchema('gateway', {
      migrations: GATEWAY_MIGRATIONS,
      applicationName: 'gateway-incident-list-it',
    });
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    database?.drop();
  }, 60_000);

  async function addIncidents(nodeId: string, count: number, firstSecond: number): Promise<void> {
    await db.query(
      `INSERT INTO incidents (node_id, incident_id, incident_type, opened_at, analysis, job_id)
       SELECT $1, 'inc-' || g, 'failedJob', timestamptz '2026-01-01' + make_interval(secs => g), '{"rootCause": "x"}'::jsonb, 'job-' || g
       FROM generate_series($2::int, $3::int) g`,
      [nodeId, firstSecond, firstSecond + count - 1],
    );
  }

  const query = (params: Record<string, string>) => IncidentListQuerySchema.parse(params);

  it('pages newest first in the documented shape, and counts a short last page exactly', async () => {
    await addIncidents('node-a', 120, 1);
    await addIncidents('node-b', 10, 1);
    const sut = new IncidentRepository(db, { totalTtlMs: 60_000 });

    const first = await sut.list(query({ nodeId: 'node-a', limit: '50' }));
    expect(first.page).toEqual({ limit: 50, offset: 0, total: 120 });
    expect(first.data.map((i) => i.incidentId).slice(0, 2)).toEqual(['inc-120', 'inc-119']);
    expect(Object.keys(first.data[0]).sort()).toEqual(VIEW_KEYS);
    expect(first.data[0].analysis).toEqual({ rootCause: 'x' });

    await addIncidents('node-a', 5, 121);
    // A full page reuses the recent total; the last page is counted from its own rows, so it is exact.
    expect((await sut.list(query({ nodeId: 'node-a', limit: '50' }))).page.total).toBe(120);
    const last = await sut.list(query({ nodeId: 'node-a', limit: '50', offset: '100' }));
    expect(last.page).toEqual({ limit: 50, offset: 100, total: 125 });
    expect(last.data).toHaveLength(25);

    const both = await sut.list(query({ nodeId: 'node-a,node-b', limit: '50', offset: '130' }));
    expect(both.page.total).toBe(135);
    expect(both.data.map((i) => i.nodeId)).toEqual(['node-b', 'node-a', 'node-b', 'node-a', 'node-b']);
  });

  it('counts on every request with a ttl of 0, and past the end', async () => {
    const sut = new IncidentRepository(db, { totalTtlMs: 0 });
    expect((await sut.list(query({ nodeId: 'node-a', limit: '10' }))).page.total).toBe(125);
    await addIncidents('node-a', 1, 126);
    expect((await sut.list(query({ nodeId: 'node-a', limit: '10' }))).page.total).toBe(126);
    const beyond = await sut.list(query({ nodeId: 'node-a', limit: '10', offset: '500' }));
    expect(beyond).toEqual({ data: [], page: { limit: 10, offset: 500, total: 126 } });
  });
});
