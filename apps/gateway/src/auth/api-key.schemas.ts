import { z } from 'zod';
import { pagingQuery } from '../http/paging';
import { SCOPES } from './scopes';

export const CreateApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  scopes: z
    .array(z.enum(SCOPES))
    .min(1)
    .max(SCOPES.length)
    .transform((s) => [...new Set(s)]),
});
export type CreateApiKeyCommand = z.output<typeof CreateApiKeySchema>;

export const ApiKeyListQuerySchema = z.strictObject({
  ...pagingQuery,
  includeRevoked: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type ApiKeyListQuery = z.output<typeof ApiKeyListQuerySchema>;
