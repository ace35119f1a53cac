import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A node's flavour (Camunda 7, Operaton, CIB seven) and schema version are part of what the collector
 * publishes once per change; states saved before have none, so the next cycle publishes them once.
 */
export class EngineFlavour1764100000000 implements MigrationInterface {
  name = 'EngineFlavour1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE node_states ADD COLUMN engine_flavour text, ADD COLUMN schema_version text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE node_states DROP COLUMN engine_flavour, DROP COLUMN schema_version`);
  }
}
