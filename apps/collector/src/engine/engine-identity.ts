import type { EngineFlavour } from '@flowpilot/shared';
import { flavourOf } from './engine-flavour.util';
import type { EngineSql } from './engine-sql';

/** What a node runs: published on `camunda.engine.version.v1` when first seen and on every change. */
export interface EngineIdentity {
  version: string;
  flavour: EngineFlavour;
  product: string | null;
  schemaVersion: string | null;
}

export interface IdentitySources {
  /** `product.name` of `/telemetry/data`; null when the engine does not answer it. */
  productName(): Promise<string | null>;
  /** The newest ACT_GE_SCHEMA_LOG version; null without an engine database. */
  schemaVersion(): Promise<string | null>;
}

/**
 * Tells a node's flavour and schema once per engine version: `/version` is read every cycle (it is the latency
 * probe); the product name and the schema log only when that version changes (an upgrade or a first sighting).
 */
export class EngineIdentityProbe {
  private known: EngineIdentity | null = null;

  constructor(private readonly sources: IdentitySources) {}

  async identify(version: string): Promise<EngineIdentity> {
    if (this.known?.version === version) return this.known;
    const [product, schemaVersion] = await Promise.all([
      this.sources.productName(),
      this.sources.schemaVersion(),
    ]);
    this.known = { version, flavour: flavourOf(version, product), product, schemaVersion };
    return this.known;
  }
}

/** The newest schema-log entry: ids are increasing numbers as text ('0', '1200', …), so order by length, then text. */
export async function readSchemaVersion(db: Pick<EngineSql, 'dialect' | 'query'>): Promise<string | null> {
  const table = db.dialect === 'mysql' ? 'ACT_GE_SCHEMA_LOG' : 'act_ge_schema_log';
  const rows = await db.query<{ version: string | null }>(
    `SELECT version_ AS version FROM ${table} ORDER BY length(id_) DESC, id_ DESC LIMIT 1`,
  );
  return rows[0]?.version ?? null;
}
