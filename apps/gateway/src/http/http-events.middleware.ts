import type { NextFunction, Request, Response } from 'express';
import { HttpEvents } from './http.events';

/** Reports every answered request with its route template (`unmatched` for 404s, `static` for files). */
export function httpEventsMiddleware(
  events: HttpEvents,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route =
        (req.route as { path?: string } | undefined)?.path ??
        (res.statusCode === 404 ? 'unmatched' : 'static');
      events.emit('answered', {
        method: req.method,
        route,
        status: res.statusCode,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    });
    next();
  };
}
