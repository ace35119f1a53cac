import { z } from 'zod';

/** `admin` includes `write`, which includes `read`. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];
export const ScopeSchema = z.enum(SCOPES);

const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 };

export function grants(held: readonly Scope[], required: Scope): boolean {
  return held.some((scope) => RANK[scope] >= RANK[required]);
}
