import { z } from 'zod';
import { CAMUNDA_FACT_TOPICS } from './camunda-facts.topics';
import { INCIDENT_ANALYSIS_TOPICS } from './incident-analysis.topics';
import { ANALYSIS_TOPICS } from './analysis.topics';
import { SETTINGS_TOPICS } from './settings.topics';
import { WORKER_TOPICS } from './worker.topics';
import { BPMN_TOPICS } from './bpmn.topics';
import { TopicDefinition } from './topic-definition';

/**
 * The one catalogue of topics: name → payload schema, partition key.
 * Each domain keeps its topics in its own `*.topics.ts`; this map joins them.
 * No topic name is written as a bare string elsewhere.
 */
export const TOPICS = {
  ...CAMUNDA_FACT_TOPICS,
  ...INCIDENT_ANALYSIS_TOPICS,
  ...ANALYSIS_TOPICS,
  ...SETTINGS_TOPICS,
  ...WORKER_TOPICS,
  ...BPMN_TOPICS,
} as const;

export type TopicName = keyof typeof TOPICS;
export type PayloadOf<T extends TopicName> = z.infer<(typeof TOPICS)[T]['schema']>;

export const TOPIC_NAMES = Object.keys(TOPICS) as TopicName[];

const TOPIC_NAME_FORMAT = /^([a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+)\.v(\d+)$/;

export function isTopicName(name: string): name is TopicName {
  return Object.prototype.hasOwnProperty.call(TOPICS, name);
}

export function topicDefinition(topic: TopicName): TopicDefinition {
  return TOPICS[topic] as TopicDefinition;
}

/** `camunda.incident.opened.v1` → `{ type: 'camunda.incident.opened', version: 1 }`. */
export function parseTopicName(topic: string): { type: string; version: number } {
  const match = TOPIC_NAME_FORMAT.exec(topic);
  if (!match) throw new Error(`Topic name "${topic}" is not of the form <domain>.<event>.v<N>`);
  return { type: match[1], version: Number(match[2]) };
}

/** Each topic has its own dead-letter topic carrying the failure reason. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}
