import type { IncidentPattern } from '@flowpilot/shared';

export type PatternTrend = IncidentPattern['trend'];

/** A window must change by at least this factor (and by more than one incident) to count as rising/falling. */
const CHANGE_FACTOR = 1.5;

/**
 * Compares the last window with the one before it. A pattern first seen in the
 * last window is `new`; a single incident more or less is noise, not a trend.
 */
export function trendOf(
  recent: number,
  previous: number,
  firstSeenAt: Date,
  reference: Date,
  windowMs: number,
): PatternTrend {
  if (reference.getTime() - firstSeenAt.getTime() < windowMs) return 'new';
  if (recent >= previous * CHANGE_FACTOR && recent - previous > 1) return 'rising';
  if (recent * CHANGE_FACTOR <= previous && previous - recent > 1) return 'falling';
  return 'stable';
}
