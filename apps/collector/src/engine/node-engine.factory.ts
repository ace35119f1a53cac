import { Inject, Injectable } from '@nestjs/common';
import { CamundaFleet, CamundaNodeConfig } from '@flowpilot/shared';
import { EngineDatabaseSettings, PollSettings, StreamSettings } from '../collector.settings';
import { CollectorCamundaApi } from './collector-camunda.api';
import { EngineDatabase } from './engine-database';
import { EngineSql, engineSqlDialectOf } from './engine-sql';
import { MysqlEngineDatabase } from './mysql-engine-database';

/** How the collector reaches one node's engine: its REST API, and its database when it has a DB_URL. */
export interface NodeEngine {
  api: CollectorCamundaApi;
  database: EngineSql | null;
}

/** Makes each node's engine access: the REST client from the fleet, the database pool by its URL's scheme. */
@Injectable()
export class NodeEngineFactory {
  constructor(
    @Inject(CamundaFleet) private readonly fleet: Pick<CamundaFleet, 'client'>,
    private readonly databases: EngineDatabaseSettings,
    private readonly streams: StreamSettings,
    private readonly poll: PollSettings,
  ) {}

  create(node: CamundaNodeConfig): NodeEngine {
    return {
      api: new CollectorCamundaApi(this.fleet.client(node.name)),
      database: node.databaseUrl ? this.openDatabase(node.databaseUrl) : null,
    };
  }

  /** The engine database by its URL's scheme: `postgres://` or `mysql://` / `mariadb://`. */
  private openDatabase(url: string): EngineSql {
    const options = {
      url,
      poolSize: this.databases.poolSize,
      statementTimeoutMs: this.poll.nodeTimeoutMs,
    };
    return engineSqlDialectOf(url) === 'mysql'
      ? new MysqlEngineDatabase({ ...options, timeZone: this.streams.engineTimeZone })
      : new EngineDatabase({ ...options, applicationName: 'flowpilot-collector' });
  }
}
