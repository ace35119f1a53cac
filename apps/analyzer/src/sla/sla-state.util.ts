export type SlaState = 'ok' | 'at-risk' | 'breached';

const RANK: Record<SlaState, number> = { ok: 0, 'at-risk': 1, breached: 2 };

/** Where an item stands after `elapsedMs` against its target. */
export function slaStateFor(elapsedMs: number, targetMs: number, atRiskShare: number): SlaState {
  if (elapsedMs >= targetMs) return 'breached';
  if (elapsedMs >= targetMs * atRiskShare) return 'at-risk';
  return 'ok';
}

/**
 * The state to alert for, or null. States only escalate while an item is
 * open, so each item alerts at most once per state: a later evaluation in the
 * same or a lower state says nothing; a jump from ok straight to breached
 * alerts once, for breached.
 */
export function slaTransition(
  current: SlaState,
  elapsedMs: number,
  targetMs: number,
  atRiskShare: number,
): Exclude<SlaState, 'ok'> | null {
  const next = slaStateFor(elapsedMs, targetMs, atRiskShare);
  return next !== 'ok' && RANK[next] > RANK[current] ? next : null;
}
