import { ISO_DURATION_PATTERN } from '@flowpilot/shared';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// Calendar units have no fixed length; SLA targets use the conventional 365-day year and 30-day month.
const UNIT_MS: Record<string, number> = {
  Y: 365 * DAY_MS,
  Mo: 30 * DAY_MS,
  W: 7 * DAY_MS,
  D: DAY_MS,
  H: HOUR_MS,
  Mi: 60_000,
  S: 1_000,
};

/** `PT8H` → 28 800 000. Throws on anything that is not an ISO-8601 duration. */
export function isoDurationToMs(text: string): number {
  if (!ISO_DURATION_PATTERN.test(text)) throw new RangeError(`"${text}" is not an ISO-8601 duration`);
  const [datePart, timePart = ''] = text.slice(1).split('T');
  let total = 0;
  for (const [, amount, unit] of datePart.matchAll(/(\d+(?:\.\d+)?)([YMWD])/g)) {
    total += Number(amount) * UNIT_MS[unit === 'M' ? 'Mo' : unit];
  }
  for (const [, amount, unit] of timePart.matchAll(/(\d+(?:\.\d+)?)([HMS])/g)) {
    total += Number(amount) * UNIT_MS[unit === 'M' ? 'Mi' : unit];
  }
  return Math.round(total);
}

/** 28 800 000 → `PT8H`: how a default target given in hours is shown in alerts. */
export function hoursToIsoDuration(hours: number): string {
  return `PT${Number(hours.toFixed(6))}H`;
}
