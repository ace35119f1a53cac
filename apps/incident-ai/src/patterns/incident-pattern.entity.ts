import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IncidentFamily } from '@flowpilot/shared';
import type { LlmAnswer } from '../llm/llm-answer.schema';

@Entity({ name: 'incident_patterns' })
export class IncidentPatternEntity {
  @PrimaryColumn({ name: 'pattern_id', type: 'uuid' })
  patternId!: string;

  @Column({ type: 'text' })
  signature!: string;

  @Column({ type: 'text' })
  family!: IncidentFamily;

  @Column({ name: 'incident_type', type: 'text' })
  incidentType!: string;

  @Column({ name: 'sample_message', type: 'text', nullable: true })
  sampleMessage!: string | null;

  @Column({ name: 'root_cause', type: 'text' })
  rootCause!: string;

  @Column({ type: 'double precision' })
  confidence!: number;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  /** The LLM's validated answer for this signature: reused for every later incident of the pattern. */
  @Column({ name: 'llm_answer', type: 'jsonb', nullable: true })
  llmAnswer!: LlmAnswer | null;

  @Column({ name: 'llm_model', type: 'text', nullable: true })
  llmModel!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
