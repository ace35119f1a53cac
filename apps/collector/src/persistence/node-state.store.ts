import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EngineFlavour } from '@flowpilot/shared';

export interface NodeState {
  status: 'up' | 'down' | 'unknown';
  /** Number of published changes (status transitions and engine-version changes): the next one's event id is derived from it. */
  transitions: number;
  engineVersion: string | null;
  /** Null for states saved before flavours were detected: the next cycle publishes the flavour once. */
  engineFlavour: EngineFlavour | null;
  schemaVersion: string | null;
}

export interface NodeStateStore {
  load(nodeId: string): Promise<NodeState>;
  save(nodeId: string, state: NodeState): Promise<void>;
}

@Injectable()
export class PostgresNodeStateStore implements NodeStateStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(nodeId: string): Promise<NodeState> {
    const rows: Array<{
      status: 'up' | 'down';
      transitions: number;
      engine_version: string | null;
      engine_flavour: EngineFlavour | null;
      schema_version: string | null;
    }> = await this.dataSource.query(
      `SELECT status, transitions, engine_version, engine_flavour, schema_version FROM node_states WHERE node = $1`,
      [nodeId],
    );
    if (!rows[0])
      return {
        status: 'unknown',
        transitions: 0,
        engineVersion: null,
        engineFlavour: null,
        schemaVersion: null,
      };
    return {
      status: rows[0].status,
      transitions: rows[0].transitions,
      engineVersion: rows[0].engine_version,
      engineFlavour: rows[0].engine_flavour,
      schemaVersion: rows[0].schema_version,
    };
  }

  async save(nodeId: string, state: NodeState): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO node_states (node, status, transitions, engine_version, engine_flavour, schema_version)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (node) DO UPDATE SET status = EXCLUDED.status, transitions = EXCLUDED.transitions,
         engine_version = EXCLUDED.engine_version, engine_flavour = EXCLUDED.engine_flavour,
         schema_version = EXCLUDED.schema_version, changed_at = now()`,
      [
        nodeId,
        state.status,
        state.transitions,
        state.engineVersion,
        state.engineFlavour,
        state.schemaVersion,
      ],
    );
  }
}
