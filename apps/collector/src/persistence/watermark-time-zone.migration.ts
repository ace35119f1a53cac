import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * REST cursors are UTC, SQL cursors the engine's wall-clock: the mark keeps
 * the zone it was written in, so a node that gains or loses its database URL
 * converts the mark instead of skipping (or re-reading) the offset. Marks
 * saved before have none and are read as written in the current mode.
 */
export class WatermarkTimeZone1764000000000 implements MigrationInterface {
  name = 'WatermarkTimeZone1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE stream_watermarks ADD COLUMN cursor_time_zone text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE stream_watermarks DROP COLUMN cursor_time_zone`);
  }
}
