import { Counter, Histogram, Registry } from 'prom-client';
import { HttpEvents } from './http.events';

/** Request counts and latency per route template. */
export function registerHttpMetrics(registry: Registry, events: HttpEvents): void {
  const requests = new Counter({
    name: 'flowpilot_http_requests_total',
    help: 'HTTP requests answered, per method, route template and status code.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'flowpilot_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, per method and route template.',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  events.on('answered', ({ method, route, status, seconds }) => {
    requests.inc({ method, route, status: String(status) });
    duration.observe({ method, route }, seconds);
  });
}
