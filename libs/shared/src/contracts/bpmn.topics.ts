import { defineTopic } from './topic-definition';
import { BpmnReplySchema, BpmnRequestSchema } from './bpmn.contract';

/**
 * The bpmn-generator's request/reply channel (protocol in `kafka/request-reply.ts`).
 * Do not rename without a new version: the gateway and the generator meet here.
 */
export const BPMN_TOPICS = {
  'bpmn.request.v1': defineTopic({
    schema: BpmnRequestSchema,
    key: (p) => p.requestId,
    partitions: 3,
    retentionDays: 1,
    description: 'A command for the bpmn-generator (generate, enhance, validate, deploy, list, get, search).',
  }),
  'bpmn.reply.v1': defineTopic({
    schema: BpmnReplySchema,
    key: (p) => p.requestId,
    partitions: 3,
    retentionDays: 1,
    description: 'The bpmn-generator answer to one request, keyed by its request id.',
  }),
} as const;
