import { z } from 'zod';
import { pagingQuery } from '../http/paging';
import { WEBHOOK_EVENT_TYPES } from './webhook-body.contract';

const eventList = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)]);

const filters = z.strictObject({
  nodeIds: z.array(z.string().min(1).max(100)).max(100).optional(),
  processDefinitionKeys: z.array(z.string().min(1).max(255)).max(100).optional(),
});

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2_000);
const secret = z.string().min(16, 'must be at least 16 characters').max(256);

export const CreateWebhookSchema = z.strictObject({
  url,
  events: eventList,
  secret: secret.optional(),
  filters: filters.optional(),
  description: z.string().max(500).optional(),
});
export type CreateWebhookCommand = z.output<typeof CreateWebhookSchema>;

export const UpdateWebhookSchema = z
  .strictObject({
    url: url.optional(),
    events: eventList.optional(),
    secret: secret.optional(),
    filters: filters.optional(),
    description: z.string().max(500).nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateWebhookCommand = z.output<typeof UpdateWebhookSchema>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DeliveryListQuerySchema = z.strictObject({
  ...pagingQuery,
  status: z.enum(DELIVERY_STATUSES).optional(),
  eventType: z.enum(WEBHOOK_EVENT_TYPES).optional(),
});
export type DeliveryListQuery = z.output<typeof DeliveryListQuerySchema>;

export const WebhookListQuerySchema = z.strictObject({ ...pagingQuery });

export const IdParamSchema = z.uuid({ error: 'must be a UUID' });

export const CREATE_WEBHOOK_EXAMPLE = {
  url: 'https://hooks.example.com/flowpilot',
  events: ['incident.opened', 'incident.analyzed', 'sla.breached'],
  filters: { nodeIds: ['node1'], processDefinitionKeys: ['invoice'] },
  description: 'Ops channel',
};
