import { SetMetadata } from '@nestjs/common';
import { Scope } from './scopes';

export const REQUIRED_SCOPE = 'flowpilot:required-scope';

/** The scope a route needs. `/api` routes without one need `admin`, so a forgotten decorator fails closed. */
export const RequireScope = (scope: Scope) => SetMetadata(REQUIRED_SCOPE, scope);
