import { Envelope } from '@flowpilot/shared';

/** Every analysis is per node; a fact that does not say which node it is about cannot be placed. */
export function nodeOf(event: Envelope<unknown>): string {
  if (!event.nodeId) throw new Error(`${event.type} fact ${event.eventId} has no nodeId`);
  return event.nodeId;
}
