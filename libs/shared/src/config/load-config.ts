import { z } from 'zod';
import { isSecretSettingName, registerSecret } from './secret-redactor';

export class ConfigurationError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration for ${service}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export type Environment = Record<string, string | undefined>;

/**
 * The only place that reads `process.env`: parse the app's settings once at
 * start-up and fail with a message naming every missing or malformed setting.
 * Values of secret settings are never echoed and are registered for redaction.
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Environment = process.env,
  options: { families?: string[] } = {},
): z.output<S> {
  const raw = pickSettings(schema, env, options.families ?? []);
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ConfigurationError(
      service,
      result.error.issues.map((issue) => describeIssue(issue, raw)),
    );
  }
  for (const [name, value] of Object.entries(raw)) {
    if (isSecretSettingName(name) && typeof value === 'string') registerSecret(value);
  }
  return result.data;
}

/**
 * Only the app's own settings are read: the keys of its schema, plus families
 * of numbered settings (`CAMUNDA_NODE_<n>_URL`, …) named by prefix.
 */
function pickSettings(
  schema: z.ZodType,
  env: Environment,
  families: string[],
): Record<string, string | undefined> {
  const known = new Set(settingNames(schema));
  const raw: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (known.has(name) || families.some((prefix) => name.startsWith(prefix))) {
      raw[name] = value === '' ? undefined : value;
    }
  }
  return raw;
}

function settingNames(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return settingNames(schema.in as z.ZodType);
  return [];
}

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  const name = issue.path.map(String).join('.') || '(settings)';
  const value = raw[String(issue.path[0])];
  if (value === undefined && issue.code === 'invalid_type') return `${name} is required but not set`;
  const shown = isSecretSettingName(name) ? '(value hidden)' : `(got ${JSON.stringify(value)})`;
  return `${name}: ${issue.message} ${shown}`;
}

/** Exit code for a configuration error (sysexits EX_CONFIG). */
const EX_CONFIG = 78;

/** Loads settings or stops the process with a message naming each bad setting. */
export function loadConfigOrExit<S extends z.ZodType>(
  service: string,
  schema: S,
  options?: { families?: string[] },
): z.output<S> {
  try {
    return loadConfig(service, schema, process.env, options);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EX_CONFIG);
    }
    throw error;
  }
}
