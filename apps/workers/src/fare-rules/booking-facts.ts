import { z } from 'zod';
import { PlainValue } from '../runtime/typed-variables.util';

export const TICKET_CLASSES = ['ECONOMY', 'PREMIUM_ECONOMY', 'BUSINESS', 'FIRST'] as const;
export const FARE_TYPES = ['REFUNDABLE', 'FLEX', 'STANDARD', 'NON_REFUNDABLE'] as const;

/** The booking facts a fare-rules decision rests on, normalized and sanitized. */
export interface BookingFacts {
  bookingId: string | null;
  ticketClass: (typeof TICKET_CLASSES)[number] | null;
  fareType: (typeof FARE_TYPES)[number];
  daysUntilFlight: number | null;
  purchasedWithin24h: boolean;
  ticketPrice: number | null;
  /** Free text from the customer: data for the prompt, never instructions. */
  refundReason: string | null;
}

const DAY_MS = 86_400_000;

const text = z.string().trim().min(1);
const dateLike = z.union([z.date(), z.string().trim().min(1)]).transform((v, ctx) => {
  const date = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'not a date' });
    return z.NEVER;
  }
  return date;
});

/** Lenient on shape (Camunda users send strings for everything), strict on meaning. */
const RawFactsSchema = z.object({
  bookingId: text.optional().catch(undefined),
  ticketClass: text.optional().catch(undefined),
  fareType: text.optional().catch(undefined),
  daysUntilFlight: z.coerce.number().int().optional().catch(undefined),
  flightDate: dateLike.optional().catch(undefined),
  purchaseDate: dateLike.optional().catch(undefined),
  ticketPrice: z.coerce.number().nonnegative().optional().catch(undefined),
  refundReason: z.string().optional().catch(undefined),
});

export const BOOKING_VARIABLES = Object.keys(RawFactsSchema.shape);

export function readBookingFacts(variables: Record<string, PlainValue>, now: Date): BookingFacts {
  const raw = RawFactsSchema.parse(variables);
  const daysUntilFlight =
    raw.daysUntilFlight ??
    (raw.flightDate ? Math.floor((raw.flightDate.getTime() - now.getTime()) / DAY_MS) : undefined);
  return {
    bookingId: raw.bookingId ? sanitizeIdentifier(raw.bookingId) || null : null,
    ticketClass: oneOf(raw.ticketClass, TICKET_CLASSES),
    fareType: oneOf(raw.fareType, FARE_TYPES) ?? 'STANDARD',
    daysUntilFlight: daysUntilFlight ?? null,
    purchasedWithin24h: raw.purchaseDate
      ? now.getTime() - raw.purchaseDate.getTime() <= DAY_MS && now >= raw.purchaseDate
      : false,
    ticketPrice: raw.ticketPrice ?? null,
    refundReason: raw.refundReason ? sanitizeFreeText(raw.refundReason, 200) || null : null,
  };
}

/** Word characters and dashes only, at most 50: what an identifier may carry into the prompt. */
export function sanitizeIdentifier(value: string): string {
  return value.replace(/[^\w-]/g, '').slice(0, 50);
}

/** Control characters and line breaks out, whitespace collapsed, length capped, quotes neutralized. */
export function sanitizeFreeText(value: string, max: number): string {
  return value
    .replace(/\p{Cc}/gu, ' ')
    .replace(/["`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | null {
  const normalized = value?.toUpperCase().replace(/[\s-]+/g, '_');
  return normalized && (allowed as readonly string[]).includes(normalized) ? (normalized as T) : null;
}

/**
 * The cache key: the facts that decide, not who booked (class, fare, days to the flight, purchase timing), plus the
 * customer's text when there is one — it is in the prompt, so one customer's text must not decide
 * another customer's refund through the cache.
 */
export function normalizedFactsKey(facts: BookingFacts): string {
  return JSON.stringify([
    facts.ticketClass,
    facts.fareType,
    facts.daysUntilFlight,
    facts.purchasedWithin24h,
    facts.refundReason,
  ]);
}
