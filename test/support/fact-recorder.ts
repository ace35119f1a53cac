import type { RecordingPublisher } from '@flowpilot/shared/testing';

/** The fact topics whose payloads name their process definition. */
export type DefinitionFactTopic =
  | 'camunda.process.started.v1'
  | 'camunda.process.completed.v1'
  | 'camunda.activity.completed.v1'
  | 'camunda.incident.opened.v1'
  | 'camunda.user-task.created.v1'
  | 'camunda.user-task.completed.v1'
  | 'camunda.job.failed.v1';

/** Event ids of the facts `publisher` recorded on `topic` that belong to the given process keys, in publish order. */
export function eventIdsOf(
  publisher: RecordingPublisher,
  topic: DefinitionFactTopic,
  keys: readonly string[],
): string[] {
  return publisher
    .eventsOf(topic)
    .filter((event) => keys.includes(String(event.payload.processDefinitionKey)))
    .map((event) => event.eventId);
}
