import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppLogger } from '@flowpilot/shared';
import { HttpSettings } from '../gateway.settings';
import { serveDashboard } from '../dashboard/serve-dashboard';
import { ApiErrorFilter } from './api-error.filter';
import { ApiErrorBody } from './api-error';
import { HttpEvents } from './http.events';
import { httpEventsMiddleware } from './http-events.middleware';
import { setUpOpenApi } from './openapi.setup';

/** Request events (metrics subscribe), body limits, the one error body, CORS, OpenAPI at /docs and the dashboard at /. */
export function configureHttp(app: INestApplication): void {
  const settings = app.get(HttpSettings);
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.use(httpEventsMiddleware(app.get(HttpEvents)));
  express.useBodyParser('json', { limit: settings.bodyLimitBytes });
  express.use(bodyParserErrors);
  app.useGlobalFilters(new ApiErrorFilter(app.get(AppLogger)));
  if (settings.corsOrigins.length > 0) {
    app.enableCors({
      origin: settings.corsOrigins.includes('*') ? '*' : [...settings.corsOrigins],
      allowedHeaders: ['Content-Type', 'X-API-Key', 'Authorization'],
      exposedHeaders: ['Retry-After', 'X-RateLimit-Remaining'],
      maxAge: 600,
    });
  }
  setUpOpenApi(app);
  serveDashboard(express);
}

/** body-parser fails before any Nest handler runs; its errors get the API's error body too. */
function bodyParserErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (!error || typeof error !== 'object') return next(error);
  const e = error as { type?: string; status?: number; limit?: number };
  let status = typeof e.status === 'number' ? e.status : 400;
  let body: ApiErrorBody;
  if (e.type === 'entity.too.large')
    body = {
      code: 'payload_too_large',
      message: `Request body larger than ${e.limit} bytes`,
      details: { limitBytes: e.limit },
    };
  else if (e.type === 'entity.parse.failed')
    body = { code: 'bad_request', message: 'Request body is not valid JSON', details: null };
  else if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    body = { code: 'unsupported_media_type', message: 'Unsupported request encoding', details: null };
  else {
    status = status >= 400 && status < 500 ? status : 400;
    body = { code: 'bad_request', message: 'Malformed request', details: null };
  }
  res.status(status).json(body);
}
