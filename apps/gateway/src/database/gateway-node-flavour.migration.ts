import { MigrationInterface, QueryRunner } from 'typeorm';

/** The engine's flavour (Camunda 7, Operaton, CIB seven), product name and schema version per node. */
export class GatewayNodeFlavour1763900500000 implements MigrationInterface {
  name = 'GatewayNodeFlavour1763900500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE nodes ADD COLUMN engine_flavour text, ADD COLUMN engine_product text, ADD COLUMN schema_version text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE nodes DROP COLUMN engine_flavour, DROP COLUMN engine_product, DROP COLUMN schema_version`,
    );
  }
}
