/** Plain-English amounts of time → ISO-8601 durations and cycles. */

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  'forty-five': 45,
  sixty: 60,
  ninety: 90,
};

const UNIT =
  '(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|business days?|working days?)';
const AMOUNT = `(\\d+(?:\\.\\d+)?|${Object.keys(NUMBER_WORDS).join('|')}|half an?)`;
export const DURATION_PATTERN = `${AMOUNT}\\s+${UNIT}`;

export function parseAmount(text: string): number | null {
  const t = text.toLowerCase().trim();
  if (/^half an?$/.test(t)) return 0.5;
  if (t in NUMBER_WORDS) return NUMBER_WORDS[t];
  const n = Number(t);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** `3 days` → `P3D`, `2 hours` → `PT2H`, `half an hour` → `PT30M`, `1.5 hours` → `PT90M`. */
export function toIsoDuration(amountText: string, unitText: string): string | null {
  const amount = parseAmount(amountText);
  if (amount === null) return null;
  const unit = unitText.toLowerCase();
  const whole = (value: number, designator: string, time: boolean, smaller?: [number, string]): string => {
    if (Number.isInteger(value)) return time ? `PT${value}${designator}` : `P${value}${designator}`;
    if (!smaller)
      return time ? `PT${Math.round(value)}${designator}` : `P${Math.max(1, Math.round(value))}${designator}`;
    return `PT${Math.round(value * smaller[0])}${smaller[1]}`;
  };
  if (unit.startsWith('sec')) return whole(amount, 'S', true);
  if (unit.startsWith('min')) return whole(amount, 'M', true, [60, 'S']);
  if (unit.startsWith('h')) return whole(amount, 'H', true, [60, 'M']);
  // Business days are approximated by calendar days: the engine has no business calendar by default.
  if (unit.includes('day')) return whole(amount, 'D', false, [24, 'H']);
  if (unit.startsWith('week')) return whole(amount, 'W', false, [7 * 24, 'H']);
  if (unit.startsWith('month')) return `P${Math.max(1, Math.round(amount))}M`;
  if (unit.startsWith('year')) return `P${Math.max(1, Math.round(amount))}Y`;
  return null;
}

/** The first duration in a text (`wait 3 days`, `within 2 hours`), or null. */
export function findDuration(text: string): string | null {
  const match = new RegExp(`\\b${DURATION_PATTERN}\\b`, 'i').exec(text);
  return match ? toIsoDuration(match[1], match[2]) : null;
}

const PERIOD_WORDS: Record<string, string> = {
  hourly: 'PT1H',
  daily: 'P1D',
  weekly: 'P1W',
  monthly: 'P1M',
  nightly: 'P1D',
  'every hour': 'PT1H',
  'every day': 'P1D',
  'every night': 'P1D',
  'every morning': 'P1D',
  'every week': 'P1W',
  'every month': 'P1M',
  'every minute': 'PT1M',
  'each day': 'P1D',
  'each night': 'P1D',
  'each hour': 'PT1H',
};

/** `every 5 minutes` → `R/PT5M`, `daily` → `R/P1D`; null when the text names no period. */
export function findCycle(text: string): string | null {
  const every = new RegExp(`\\bevery\\s+${DURATION_PATTERN}\\b`, 'i').exec(text);
  if (every) {
    const duration = toIsoDuration(every[1], every[2]);
    return duration ? `R/${duration}` : null;
  }
  const lower = text.toLowerCase();
  for (const [words, duration] of Object.entries(PERIOD_WORDS)) {
    if (new RegExp(`\\b${words}\\b`).test(lower)) return `R/${duration}`;
  }
  return null;
}
