import type { BpmnCommand, BpmnReply, BpmnRequest } from '../../contracts/bpmn.contract';

/** The bpmn-generator's request/reply channel (`bpmn.request.v1`, `bpmn.reply.v1`). */

const REQUEST_ID = '00000000-0000-4000-8000-000000000001';

/** A request carrying `command` (listing the templates unless given). */
export const bpmnRequest = (
  command: BpmnCommand = { type: 'list-templates' },
  overrides: Partial<Omit<BpmnRequest, 'command'>> = {},
): BpmnRequest => ({ requestId: REQUEST_ID, command, ...overrides });

/** A reply without its request id: one success per command type, or a failure. */
export type BpmnReplyBody = BpmnReply extends infer R
  ? R extends unknown
    ? Omit<R, 'requestId'>
    : never
  : never;

/** The answer to the request `requestId` (an empty template list unless given). */
export const bpmnReply = (
  body: BpmnReplyBody = { type: 'list-templates', ok: true, result: { templates: [] } },
  requestId = REQUEST_ID,
): BpmnReply => ({ ...body, requestId });
