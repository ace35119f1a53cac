import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiKeyPrincipal } from './api-key.service';
import type { AuthenticatedRequest } from './api-key.guard';

/** The key that authenticated the request (set by ApiKeyGuard). */
export const CurrentApiKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ApiKeyPrincipal | null => {
    return context.switchToHttp().getRequest<AuthenticatedRequest>().apiKey ?? null;
  },
);
