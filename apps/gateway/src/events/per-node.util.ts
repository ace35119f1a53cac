import { requireNodeId } from '@flowpilot/shared';
import type { Envelope } from '@flowpilot/shared';

/** A batch's payloads grouped by the node they are about, in batch order (read models fold per node). */
export function payloadsPerNode<P>(events: readonly Envelope<P>[]): [nodeId: string, payloads: P[]][] {
  const groups = new Map<string, P[]>();
  for (const event of events) {
    const nodeId = requireNodeId(event);
    const list = groups.get(nodeId) ?? [];
    list.push(event.payload);
    groups.set(nodeId, list);
  }
  return [...groups.entries()];
}
