/** The instants the payload factories stamp: fixed, so a test's expected values do not depend on the clock. */
export const AT = '2026-01-05T10:00:00.000Z';
/** One minute after `AT`: where a payload has a start and an end. */
export const LATER = '2026-01-05T10:01:00.000Z';
