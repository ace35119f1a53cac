import { z } from 'zod';
import { registerSecret } from './secret-redactor';
import { integer } from './settings';

/**
 * Camunda nodes come as numbered families, as operators already write them:
 * CAMUNDA_NODE_<n>_NAME, CAMUNDA_NODE_<n>_URL (the /engine-rest base), optional
 * CAMUNDA_NODE_<n>_USER / _PASSWORD (else the shared CAMUNDA_API_USER /
 * CAMUNDA_API_PASSWORD), optional CAMUNDA_NODE_<n>_DB_URL (the engine's database,
 * PostgreSQL or MySQL/MariaDB), optional CAMUNDA_NODE_<n>_WEBAPP_URL (the base of
 * the node's Cockpit/Tasklist/Admin when not where its flavour puts them).
 */
export const CAMUNDA_NODE_FAMILY = 'CAMUNDA_NODE_';

export interface CamundaNodeConfig {
  index: number;
  name: string;
  url: string;
  username?: string;
  password?: string;
  databaseUrl?: string;
  /** Overrides the web apps' base that the node's flavour implies (/camunda, /operaton, /webapp). */
  webAppsUrl?: string;
}

export const camundaSharedSettings = {
  CAMUNDA_API_USER: z.string().optional(),
  CAMUNDA_API_PASSWORD: z.string().optional(),
  CAMUNDA_REQUEST_TIMEOUT_MS: integer(10_000, 100, 300_000),
};

const NODE_KEY = /^CAMUNDA_NODE_(\d+)_(NAME|URL|USER|PASSWORD|DB_URL|WEBAPP_URL)$/;
const nodeUrl = z.url({ protocol: /^https?$/ });
/** The scheme names the SQL dialect; other engine databases (Oracle, SQL Server, DB2) are read over REST. */
const DB_URL_MESSAGE = 'must be a postgres://, mysql:// or mariadb:// URL';
const dbUrl = z.string().regex(/^(postgres(ql)?|mysql|mariadb):\/\//i, DB_URL_MESSAGE);

/** Adds `nodes` parsed from the CAMUNDA_NODE_<n>_* family, with an issue per bad or missing setting. */
export function withCamundaNodes<Shape extends z.ZodRawShape>(shape: Shape, options: { required: boolean }) {
  return z
    .object({ ...shape, ...camundaSharedSettings })
    .catchall(z.string().optional())
    .transform((raw, ctx) => {
      const byIndex = new Map<number, Partial<Record<string, string>>>();
      for (const [key, value] of Object.entries(raw)) {
        const match = NODE_KEY.exec(key);
        if (!match || typeof value !== 'string') continue;
        const index = Number(match[1]);
        byIndex.set(index, { ...byIndex.get(index), [match[2]]: value });
      }
      const nodes: CamundaNodeConfig[] = [];
      for (const [index, fields] of [...byIndex.entries()].sort(([a], [b]) => a - b)) {
        const prefix = `${CAMUNDA_NODE_FAMILY}${index}_`;
        if (!fields.URL || !nodeUrl.safeParse(fields.URL).success) {
          ctx.addIssue({
            code: 'custom',
            path: [`${prefix}URL`],
            message: "must be the http(s) URL of the node's /engine-rest",
          });
          continue;
        }
        if (fields.DB_URL && !dbUrl.safeParse(fields.DB_URL).success) {
          ctx.addIssue({ code: 'custom', path: [`${prefix}DB_URL`], message: DB_URL_MESSAGE });
        }
        if (fields.WEBAPP_URL && !nodeUrl.safeParse(fields.WEBAPP_URL).success) {
          ctx.addIssue({
            code: 'custom',
            path: [`${prefix}WEBAPP_URL`],
            message: "must be the http(s) URL of the node's web apps, e.g. https://host/camunda",
          });
        }
        const name = fields.NAME ?? `node${index}`;
        if (!/^[A-Za-z0-9._-]{1,100}$/.test(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [`${prefix}NAME`],
            message: 'letters, digits, dot, dash and underscore only',
          });
        }
        // Credentials inside URLs are secrets too: logs, errors and probes mask them.
        registerUrlCredentials(fields.URL);
        registerUrlCredentials(fields.DB_URL);
        nodes.push({
          index,
          name,
          url: fields.URL.replace(/\/+$/, ''),
          username: fields.USER ?? (raw.CAMUNDA_API_USER as string | undefined),
          password: fields.PASSWORD ?? (raw.CAMUNDA_API_PASSWORD as string | undefined),
          databaseUrl: fields.DB_URL,
          ...(fields.WEBAPP_URL ? { webAppsUrl: fields.WEBAPP_URL.replace(/\/+$/, '') } : {}),
        });
      }
      const names = nodes.map((n) => n.name);
      const duplicate = names.find((n, i) => names.indexOf(n) !== i);
      if (duplicate)
        ctx.addIssue({
          code: 'custom',
          path: ['CAMUNDA_NODE_<n>_NAME'],
          message: `node name "${duplicate}" is used twice`,
        });
      if (options.required && nodes.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['CAMUNDA_NODE_1_URL'],
          message: 'at least one Camunda node must be configured',
        });
      }
      const settings = Object.fromEntries(
        Object.entries(raw).filter(([key]) => !key.startsWith(CAMUNDA_NODE_FAMILY)),
      );
      return { ...(settings as z.output<z.ZodObject<Shape & typeof camundaSharedSettings>>), nodes };
    });
}

function registerUrlCredentials(url: string | undefined): void {
  if (!url) return;
  try {
    const parsed = new URL(url);
    registerSecret(decodeURIComponent(parsed.password));
  } catch {
    // an invalid URL is reported by the schema check
  }
}
