import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incident list's usual query: one node's incidents, newest first. With
 * this index the page comes from an index(-only) scan in list order that stops
 * after offset + limit entries, instead of reading every incident of the node
 * from the heap and sorting them.
 */
export class GatewayIncidentListIndex1763900400000 implements MigrationInterface {
  name = 'GatewayIncidentListIndex1763900400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX incidents_node_opened ON incidents (node_id, opened_at DESC NULLS LAST, incident_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX incidents_node_opened`);
  }
}
