import { LeaderboardEntry } from '@flowpilot/shared';

export interface DefinitionFigures {
  processDefinitionKey: string;
  started: number;
  completed: number;
  incidents: number;
  slaMet: number;
  slaMissed: number;
  medianMs: number | null;
  p95Ms: number | null;
}

/**
 * Score 0–100 = 60 × SLA compliance + 40 × (1 − min(1, incident rate)); a
 * definition with no finished instance counts as compliant. Ranked by score,
 * then throughput.
 */
export function buildLeaderboard(
  figures: readonly DefinitionFigures[],
  windowDays: number,
): LeaderboardEntry[] {
  const entries = figures.map((f) => {
    const judged = f.slaMet + f.slaMissed;
    const slaCompliance = judged === 0 ? null : f.slaMet / judged;
    const incidentRate = f.incidents / Math.max(1, f.started, f.completed);
    const score = Math.round(60 * (slaCompliance ?? 1) + 40 * (1 - Math.min(1, incidentRate)));
    return {
      rank: 0,
      processDefinitionKey: f.processDefinitionKey,
      completed: f.completed,
      throughputPerDay: Math.round((f.completed / windowDays) * 100) / 100,
      medianMs: f.medianMs,
      p95Ms: f.p95Ms,
      incidentRate,
      slaCompliance,
      score,
    };
  });
  entries.sort(
    (a, b) =>
      b.score - a.score ||
      b.completed - a.completed ||
      a.processDefinitionKey.localeCompare(b.processDefinitionKey),
  );
  return entries.map((e, i) => ({ ...e, rank: i + 1 }));
}
