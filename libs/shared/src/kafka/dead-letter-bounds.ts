import { IHeaders } from 'kafkajs';
import { sliceWhole } from '../text/whole-characters';
import { headersToStrings } from './envelope-codec';

/*
 * Caps for the fields of a dead-letter record that whoever produced the failed
 * message controls (its key, headers, the event id in its JSON, the schema
 * issues its payload raises). Enough to identify and debug the message; more
 * would only crowd out the original value, or push the record past the
 * broker's size limit and stall the partition.
 */
export const DEAD_LETTER_MAX_REASON_CHARS = 1_000;
export const DEAD_LETTER_MAX_EVENT_ID_CHARS = 200;
export const DEAD_LETTER_MAX_KEY_CHARS = 1_024;
export const DEAD_LETTER_MAX_HEADER_NAME_CHARS = 256;
export const DEAD_LETTER_MAX_HEADER_VALUE_CHARS = 1_024;

export interface Bounded<T> {
  value: T;
  truncated: boolean;
}

/** At most `max` UTF-16 units of `text`, never half a character. */
export function boundText(text: string, max: number): Bounded<string> {
  if (text.length <= max) return { value: text, truncated: false };
  return { value: sliceWhole(text, max), truncated: true };
}

export function boundNullableText(text: string | null, max: number): Bounded<string | null> {
  return text === null ? { value: null, truncated: false } : boundText(text, max);
}

/** The message's headers as text, each name and value cut to its cap. */
export function boundHeaders(headers: IHeaders | undefined): Bounded<Record<string, string>> {
  const bounded: Record<string, string> = {};
  let truncated = false;
  for (const [name, value] of Object.entries(headersToStrings(headers))) {
    const boundedName = boundText(name, DEAD_LETTER_MAX_HEADER_NAME_CHARS);
    const boundedValue = boundText(value, DEAD_LETTER_MAX_HEADER_VALUE_CHARS);
    truncated ||= boundedName.truncated || boundedValue.truncated;
    bounded[boundedName.value] = boundedValue.value;
  }
  return { value: bounded, truncated };
}
