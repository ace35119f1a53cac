/** The only answers the refund process routes on. */
export const FARE_DECISIONS = ['ALLOWED', 'WITH_PENALTY', 'MANUAL'] as const;
export type FareDecision = (typeof FARE_DECISIONS)[number];

/** Where a decision came from, for the audit line and metrics. */
export type DecisionSource = 'rules' | 'guard' | 'llm' | 'cache' | 'fallback';

export interface FareRuleDecision {
  decision: FareDecision;
  source: DecisionSource;
  /** Human-readable why, stored as `llmReasoning`. */
  reasoning: string;
  /** Why the LLM answer was not used, stored as `llmError`. */
  error: string | null;
}

/**
 * Accepts a model's answer only when it is exactly one of the three words
 * (case and surrounding punctuation aside); anything else is rejected.
 */
export function parseFareDecision(text: string | null | undefined): FareDecision | null {
  const word = (text ?? '')
    .trim()
    .replace(/^["'`*\s]+|["'`*.!\s]+$/g, '')
    .toUpperCase();
  return (FARE_DECISIONS as readonly string[]).includes(word) ? (word as FareDecision) : null;
}
