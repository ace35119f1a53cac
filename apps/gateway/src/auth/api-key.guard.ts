import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiError } from '../http/api-error';
import { ApiKeyPrincipal, ApiKeyService } from './api-key.service';
import { presentedKey } from './api-key.util';
import { RateLimiter } from './rate-limiter';
import { REQUIRED_SCOPE } from './require-scope.decorator';
import { grants, Scope } from './scopes';

export type AuthenticatedRequest = Request & { apiKey?: ApiKeyPrincipal };

const API_PREFIX = '/api/';

/**
 * Every `/api` route needs a key: unknown or missing → 401, over the key's
 * rate → 429 with Retry-After, scope too small → 403. Other routes (health,
 * metrics, dashboard, docs) are public unless they declare a scope.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiKeyService) private readonly keys: Pick<ApiKeyService, 'authenticate'>,
    @Inject(RateLimiter) private readonly limiter: Pick<RateLimiter, 'take'>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const declared = this.reflector.getAllAndOverride<Scope | undefined>(REQUIRED_SCOPE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const required = declared ?? (request.path.toLowerCase().startsWith(API_PREFIX) ? 'admin' : undefined);
    if (!required) return true;

    const key = presentedKey(request.headers);
    if (!key)
      throw new ApiError(
        HttpStatus.UNAUTHORIZED,
        'unauthorized',
        'An API key is required (X-API-Key header or Authorization: Bearer)',
      );
    const principal = await this.keys.authenticate(key);
    if (!principal)
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'The API key is unknown or revoked');
    request.apiKey = principal;

    const decision = this.limiter.take(principal.id);
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('X-RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      throw new ApiError(
        HttpStatus.TOO_MANY_REQUESTS,
        'rate_limited',
        'Too many requests for this API key',
        { retryAfterSeconds: decision.retryAfterSeconds },
        {
          'Retry-After': String(decision.retryAfterSeconds),
        },
      );
    }
    if (!grants(principal.scopes, required)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'forbidden', `This API key lacks the "${required}" scope`, {
        required,
        granted: principal.scopes,
      });
    }
    return true;
  }
}
