import { z } from 'zod';

export interface TopicDefinition<S extends z.ZodType = z.ZodType> {
  /** Runtime schema of the payload; consumers check it before any logic runs. */
  schema: S;
  /** Partition key: events with the same key are delivered in order. */
  key: (payload: z.infer<S>, nodeId: string | null) => string;
  /**
   * Partitions of a new topic, and the most replicas of one consumer group that get work. An
   * existing topic with fewer is grown to this by scripts/create-topics.js (Kafka only grows).
   */
  partitions: number;
  /** Days the broker keeps the topic's messages; read models are rebuilt by replaying them. */
  retentionDays: number;
  description: string;
}

export const defineTopic = <S extends z.ZodType>(definition: TopicDefinition<S>): TopicDefinition<S> =>
  definition;
