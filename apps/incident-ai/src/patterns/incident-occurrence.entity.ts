import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One incident counted in one pattern; the key makes a redelivered incident count once. */
@Entity({ name: 'incident_occurrences' })
export class IncidentOccurrenceEntity {
  @PrimaryColumn({ name: 'node_id', type: 'text' })
  nodeId!: string;

  @PrimaryColumn({ name: 'incident_id', type: 'text' })
  incidentId!: string;

  @Column({ name: 'pattern_id', type: 'uuid' })
  patternId!: string;

  @Column({ name: 'process_definition_key', type: 'text', nullable: true })
  processDefinitionKey!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
