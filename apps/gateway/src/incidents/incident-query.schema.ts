import { z } from 'zod';
import { INCIDENT_FAMILIES } from '@flowpilot/shared';
import { csvQuery, pagingQuery, sortQuery } from '../http/paging';

const isoQuery = z.iso.datetime({ offset: true });

export const IncidentListQuerySchema = z.strictObject({
  ...pagingQuery,
  nodeId: csvQuery(z.string().min(1).max(100)).optional(),
  status: csvQuery(z.enum(['open', 'resolved'])).optional(),
  processDefinitionKey: csvQuery(z.string().min(1).max(255)).optional(),
  family: csvQuery(z.enum(INCIDENT_FAMILIES)).optional(),
  incidentType: csvQuery(z.string().min(1).max(100)).optional(),
  openedAfter: isoQuery.optional(),
  openedBefore: isoQuery.optional(),
  analyzed: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sort: sortQuery(
    {
      openedAt: 'opened_at',
      resolvedAt: 'resolved_at',
      nodeId: 'node_id',
      incidentType: 'incident_type',
      family: 'family',
      processDefinitionKey: 'process_definition_key',
    },
    '-openedAt',
  ),
});
export type IncidentListQuery = z.output<typeof IncidentListQuerySchema>;

export const IncidentKeySchema = z.object({
  nodeId: z.string().min(1).max(100),
  incidentId: z.string().min(1).max(64),
});
