import { deriveEventId } from '@flowpilot/shared';
import { normaliseEnginePackages } from '../model/engine-flavour.util';

const MAX_SIGNATURE = 500;

/**
 * The message with everything that varies between occurrences of the same
 * problem stripped: UUIDs, hosts, IPs, URLs, long hex ids, numbers. Class names,
 * variable names and expressions stay, so different causes stay apart. The
 * forks' package names read as Camunda's, so one model failing on a mixed fleet
 * is one pattern.
 */
export function signatureOf(incidentType: string, message: string | null): string {
  const firstLines = (message ?? '').split('\n').slice(0, 3).join(' ');
  const normalised = normaliseEnginePackages(firstLines)
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\b([a-z][a-z0-9+.-]*):\/\/[^\s/'"<>]+[^\s'"<>]*/gi, '$1://<host>/<path>')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>')
    .replace(
      /\b(UnknownHostException:?\s+|getaddrinfo \w+\s+|host\s*[:=]?\s*'?)[A-Za-z0-9.-]+(?::\d+)?/gi,
      '$1<host>',
    )
    .replace(/\b[0-9a-f]{12,}\b/gi, '<hex>')
    .replace(/\b(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+){2,}\b/g, '<id>')
    .replace(/\d+(?:\.\d+)?/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
  return `${incidentType}|${normalised}`.slice(0, MAX_SIGNATURE);
}

/** Stable across restarts and services: the same signature is always the same pattern. */
export function patternIdOf(signature: string): string {
  return deriveEventId('incident-pattern', signature);
}
