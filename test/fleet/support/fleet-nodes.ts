import { Client } from 'pg';
import { createConnection } from 'mysql2/promise';
import type { EngineFlavour } from '@flowpilot/shared';
import { waitFor } from '../../support/wait-for';

/** One engine of the local mixed fleet (scripts/stack.sh with FLEET=mixed) and how to reach its tables. */
export interface FleetNode {
  /** The stack component, also the collector's node name in these suites. */
  name: string;
  flavour: EngineFlavour;
  url: string;
  /** The collector's CAMUNDA_NODE_<n>_DB_URL for it. */
  dbUrl: string;
  webAppsPath: string;
}

const env = process.env;
const port = (name: string, fallback: number) => Number(env[name] ?? fallback);
const mariaHost = env.MARIADB_HOST ?? '127.0.0.1';
const mariaPort = port('MARIADB_PORT', 3306);
const mariaUser = env.MARIADB_USER ?? 'root';

/** The nodes `FLEET=mixed scripts/stack.sh up` starts, at the stack's default ports and database names. */
const CANDIDATES: FleetNode[] = [
  {
    name: 'camunda-node1',
    flavour: 'camunda7',
    url: `http://127.0.0.1:${port('CAMUNDA_PORT', 8080)}/engine-rest`,
    dbUrl: 'postgres://postgres@127.0.0.1:5432/camunda_node1',
    webAppsPath: '/camunda',
  },
  {
    name: 'operaton-node1',
    flavour: 'operaton',
    url: `http://127.0.0.1:${port('OPERATON_PORT', 8090)}/engine-rest`,
    dbUrl: 'postgres://postgres@127.0.0.1:5432/operaton_node1',
    webAppsPath: '/operaton',
  },
  {
    name: 'mariadb-node1',
    flavour: 'operaton',
    url: `http://127.0.0.1:${port('MARIADB_NODE_PORT', 8095)}/engine-rest`,
    dbUrl: `mariadb://${mariaUser}@${mariaHost}:${mariaPort}/operaton_maria1`,
    webAppsPath: '/operaton',
  },
];

/** The nodes FLEET_NODES names (comma-separated component names), or all of them; known when tests are declared. */
export function fleetCandidates(): FleetNode[] {
  const wanted = env.FLEET_NODES
    ? env.FLEET_NODES.split(',').map((s) => s.trim())
    : CANDIDATES.map((n) => n.name);
  const unknown = wanted.filter((w) => !CANDIDATES.some((n) => n.name === w));
  if (unknown.length > 0) throw new Error(`FLEET_NODES names unknown nodes: ${unknown.join(', ')}`);
  return CANDIDATES.filter((n) => wanted.includes(n.name));
}

/**
 * The fleet nodes to test: FLEET_NODES (comma-separated component names) or all of them. A node that is
 * asked for and does not answer fails the suite rather than being skipped, so a green run means it ran.
 */
export async function fleetNodes(): Promise<FleetNode[]> {
  const wanted = env.FLEET_NODES
    ? env.FLEET_NODES.split(',').map((s) => s.trim())
    : CANDIDATES.map((n) => n.name);
  const nodes = CANDIDATES.filter((n) => wanted.includes(n.name));
  const unknown = wanted.filter((w) => !CANDIDATES.some((n) => n.name === w));
  if (unknown.length > 0) throw new Error(`FLEET_NODES names unknown nodes: ${unknown.join(', ')}`);
  for (const node of nodes) {
    // A busy engine may miss one request; only one that stays silent for half a minute fails the run.
    await waitFor(
      `${node.name} (${node.url}) to answer; start the fleet with FLEET=mixed scripts/stack.sh up`,
      async () => (await fetch(`${node.url}/version`, { signal: AbortSignal.timeout(5_000) })).ok,
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
  }
  return nodes;
}

/**
 * Rows of the engine's own tables, read directly (not through the collector), as the reference. The SQL is
 * written once in lower case; MySQL/MariaDB get the engine's upper-case table names.
 */
export async function engineRows<R>(node: FleetNode, sql: string): Promise<R[]> {
  if (node.dbUrl.startsWith('postgres')) {
    const client = new Client({ connectionString: node.dbUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows as R[];
    } finally {
      await client.end();
    }
  }
  const url = new URL(node.dbUrl.replace(/^mariadb:/, 'mysql:'));
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    database: url.pathname.slice(1),
  });
  try {
    const [rows] = await connection.query(sql.replace(/\bact_\w+/gi, (table) => table.toUpperCase()));
    return rows as R[];
  } finally {
    await connection.end();
  }
}
