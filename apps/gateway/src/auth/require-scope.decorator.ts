import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Scope } from './scopes';

export const REQUIRED_SCOPE = 'flowpilot:required-scope';
/** The OpenAPI extension that carries the same scope, so clients and the route-walk test read it from the document. */
export const REQUIRED_SCOPE_EXTENSION = 'x-required-scope';

/**
 * The scope a route needs, enforced by `ApiKeyGuard` and published on the operation as `x-required-scope`.
 * `/api` routes without one need `admin`, so a forgotten decorator fails closed.
 */
export const RequireScope = (scope: Scope) =>
  applyDecorators(SetMetadata(REQUIRED_SCOPE, scope), ApiExtension(REQUIRED_SCOPE_EXTENSION, scope));
