import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { IncidentAnalyzed } from '@flowpilot/shared';
import { ActivityDurations, TrendReadRepository, windowOf } from '../trends/trend-read.repository';
import { DefinitionView, HistoricActivityView, ProcessDefinitionsApi } from './process-definitions.api';
import { ActivityIncidentView, ProcessPageRepository, SlaCounts } from './process-page.repository';

/** BPMN ids are XML names; refusing what cannot be one keeps odd input away from the engine's URL paths. */
const id = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\s/\\?#%]+$/, 'must be a BPMN id (no whitespace, /, \\, ?, # or %)');
export const NodeParamsSchema = z.strictObject({ nodeId: z.string().min(1).max(100) });
export const DefinitionParamsSchema = NodeParamsSchema.extend({ definitionId: id });
export const ActivityParamsSchema = DefinitionParamsSchema.extend({ activityId: id });
export const DefinitionListQuerySchema = z.strictObject({ key: id.optional() });
export const OverlayQuerySchema = z.strictObject({
  /** Look-back window of the durations and SLA alerts, in hours (default 7 days). */
  hours: z.coerce.number().int().min(1).max(720).default(168),
  /** `this`: only the requested version; `all`: every version of its key on the node, summed. */
  versions: z.enum(['this', 'all']).default('this'),
});
export type OverlayQuery = z.output<typeof OverlayQuerySchema>;

export interface ActivityOverlay {
  activityId: string;
  activityName: string | null;
  /** Tokens waiting in the activity now (engine statistics). */
  running: number;
  failedJobs: number;
  /** Open incidents in the activity now (engine statistics). */
  incidents: number;
  durations: Omit<ActivityDurations, 'activityId' | 'activityName'> | null;
  /** 1 = the highest p95 of this definition; null without completed instances in the window. */
  heatRank: number | null;
  /** p95 as a share of the highest p95 of this definition (0–1), the heat colour. */
  heat: number | null;
  sla: SlaCounts;
  risk: {
    riskScore: number;
    level: string;
    failureRate: number;
    projectedRate: number;
    trend: string;
  } | null;
  /** The analyzer's bottleneck entry (all versions of the key, its own window). */
  bottleneck: { rank: number; p95Ms: number; shareOfTotal: number; count: number } | null;
}

export interface ProcessOverlays {
  nodeId: string;
  definition: DefinitionView;
  versions: 'this' | 'all';
  definitionIds: string[];
  window: { from: string; to: string; hours: number };
  /** Open SLA alerts about whole instances still running (not about one task). */
  processSla: SlaCounts;
  totals: { running: number; incidents: number; completedActivities: number };
  bottleneckReport: { windowDays: number; computedAt: string } | null;
  activities: ActivityOverlay[];
}

export interface ActivityDetail {
  nodeId: string;
  definition: DefinitionView;
  activity: ActivityOverlay;
  slowest: HistoricActivityView[];
  waiting: HistoricActivityView[];
  incidents: (ActivityIncidentView & { analysis: IncidentAnalyzed | null })[];
}

export type PageEngine = Pick<
  ProcessDefinitionsApi,
  'definition' | 'versions' | 'statistics' | 'slowest' | 'waiting' | 'openTaskIds' | 'runningInstanceIds'
>;
export type PageJudgements = Pick<
  ProcessPageRepository,
  'slaSubjects' | 'risks' | 'bottlenecks' | 'openIncidents'
>;

const NO_SLA: SlaCounts = { atRisk: 0, breached: 0 };
const LIST_LIMIT = 10;
/** SLA subjects checked against the engine per page load (the newest first). */
const SLA_SUBJECTS_LIMIT = 2_000;

/**
 * Everything the process page draws on a diagram: the engine's figures of now
 * (tokens, incidents) for the chosen version(s), durations from the gateway's
 * hourly buckets of the same version(s), and the analyzer's SLA, risk and
 * bottleneck judgements of the key.
 */
@Injectable()
export class ProcessPageService {
  constructor(
    @Inject(ProcessDefinitionsApi) private readonly engine: PageEngine,
    @Inject(TrendReadRepository) private readonly trends: Pick<TrendReadRepository, 'activityDurations'>,
    @Inject(ProcessPageRepository) private readonly judgements: PageJudgements,
  ) {}

  async overlays(nodeId: string, definitionId: string, query: OverlayQuery): Promise<ProcessOverlays> {
    const { window } = windowOf(query.hours);
    // One version needs nothing from the definition to start its figures: ask for all of it at once.
    const single =
      query.versions === 'this'
        ? Promise.all([
            this.engine.statistics(nodeId, definitionId),
            this.trends.activityDurations(nodeId, [definitionId], window.from),
          ])
        : null;
    single?.catch(() => undefined);
    const definition = await this.engine.definition(nodeId, definitionId);
    const definitionIds = single
      ? [definition.id]
      : (await this.engine.versions(nodeId, definition.key)).map((d) => d.id);
    const [[statistics, durations], sla, risks, bottlenecks] = await Promise.all([
      single
        ? single.then(([rows, figures]) => [[rows], figures] as const)
        : Promise.all([
            Promise.all(definitionIds.map((d) => this.engine.statistics(nodeId, d))),
            this.trends.activityDurations(nodeId, definitionIds, window.from),
          ]),
      this.openSla(nodeId, definition.key, window.from),
      this.judgements.risks(nodeId, definition.key),
      this.judgements.bottlenecks(nodeId, definition.key),
    ]);

    const activities = new Map<string, ActivityOverlay>();
    const at = (activityId: string): ActivityOverlay => {
      let overlay = activities.get(activityId);
      if (!overlay) {
        overlay = blankOverlay(activityId);
        activities.set(activityId, overlay);
      }
      return overlay;
    };
    for (const row of statistics.flat()) {
      const overlay = at(row.id);
      overlay.running += row.instances;
      overlay.failedJobs += row.failedJobs;
      overlay.incidents += row.incidents.reduce((sum, i) => sum + i.incidentCount, 0);
    }
    for (const { activityId, activityName, ...figures } of durations) {
      const overlay = at(activityId);
      overlay.activityName = activityName;
      overlay.durations = figures;
    }
    for (const [activityId, counts] of sla) if (activityId !== '') at(activityId).sla = counts;
    for (const [activityId, r] of risks)
      at(activityId).risk = {
        riskScore: r.riskScore,
        level: r.level,
        failureRate: r.failureRate,
        projectedRate: r.projectedRate,
        trend: r.trend,
      };
    for (const [activityId, b] of bottlenecks?.entries ?? [])
      at(activityId).bottleneck = {
        rank: b.rank,
        p95Ms: b.p95Ms,
        shareOfTotal: b.shareOfTotal,
        count: b.count,
      };

    // Heat: rank by p95, highest first (ties by mean, then id, so the order is stable).
    const timed = [...activities.values()]
      .filter((a) => a.durations?.p95Ms !== null && a.durations?.p95Ms !== undefined)
      .sort(
        (a, b) =>
          (b.durations?.p95Ms ?? 0) - (a.durations?.p95Ms ?? 0) ||
          (b.durations?.meanMs ?? 0) - (a.durations?.meanMs ?? 0) ||
          a.activityId.localeCompare(b.activityId),
      );
    const hottest = timed[0]?.durations?.p95Ms ?? 0;
    timed.forEach((a, i) => {
      a.heatRank = i + 1;
      a.heat = hottest > 0 ? (a.durations?.p95Ms ?? 0) / hottest : 0;
    });

    const list = [...activities.values()].sort((a, b) => a.activityId.localeCompare(b.activityId));
    return {
      nodeId,
      definition,
      versions: query.versions,
      definitionIds,
      window,
      processSla: sla.get('') ?? NO_SLA,
      totals: {
        running: list.reduce((sum, a) => sum + a.running, 0),
        incidents: list.reduce((sum, a) => sum + a.incidents, 0),
        completedActivities: list.reduce((sum, a) => sum + (a.durations?.count ?? 0), 0),
      },
      bottleneckReport: bottlenecks
        ? { windowDays: bottlenecks.windowDays, computedAt: bottlenecks.computedAt }
        : null,
      activities: list,
    };
  }

  /**
   * Open SLA alerts counted per user task (whole instances under ''), only for tasks and instances the engine
   * still has open: the analyzer says when a subject crosses its target, not when it ends.
   */
  private async openSla(nodeId: string, key: string, from: string): Promise<Map<string, SlaCounts>> {
    const subjects = await this.judgements.slaSubjects(nodeId, key, from, SLA_SUBJECTS_LIMIT);
    const taskIds = subjects.flatMap((s) => (s.taskId ? [s.taskId] : []));
    const instanceIds = subjects.flatMap((s) =>
      !s.taskId && s.processInstanceId ? [s.processInstanceId] : [],
    );
    const [openTasks, runningInstances] = await Promise.all([
      this.engine.openTaskIds(nodeId, taskIds),
      this.engine.runningInstanceIds(nodeId, instanceIds),
    ]);
    const counts = new Map<string, SlaCounts>();
    for (const s of subjects) {
      const open = s.taskId ? openTasks.has(s.taskId) : runningInstances.has(s.processInstanceId ?? '');
      if (!open) continue;
      const entry = counts.get(s.activityId ?? '') ?? { atRisk: 0, breached: 0 };
      entry[s.state === 'breached' ? 'breached' : 'atRisk'] += 1;
      counts.set(s.activityId ?? '', entry);
    }
    return counts;
  }

  async activity(
    nodeId: string,
    definitionId: string,
    activityId: string,
    query: OverlayQuery,
  ): Promise<ActivityDetail> {
    const overlays = await this.overlays(nodeId, definitionId, query);
    const activity =
      overlays.activities.find((a) => a.activityId === activityId) ??
      // An activity nothing has reached yet still has a (blank) page.
      blankOverlay(activityId);
    const ids = overlays.definitionIds;
    const [slowest, waiting, incidents] = await Promise.all([
      Promise.all(
        ids.map((d) => this.engine.slowest(nodeId, d, activityId, overlays.window.from, LIST_LIMIT)),
      ),
      Promise.all(ids.map((d) => this.engine.waiting(nodeId, d, activityId, LIST_LIMIT))),
      this.judgements.openIncidents(nodeId, ids, activityId, 20),
    ]);
    return {
      nodeId,
      definition: overlays.definition,
      activity,
      slowest: slowest
        .flat()
        .sort((a, b) => (b.durationInMillis ?? 0) - (a.durationInMillis ?? 0))
        .slice(0, LIST_LIMIT),
      waiting: waiting
        .flat()
        .sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime))
        .slice(0, LIST_LIMIT),
      incidents,
    };
  }
}

/** An activity with no figures yet: no tokens, no completions, no judgements. */
function blankOverlay(activityId: string): ActivityOverlay {
  return {
    activityId,
    activityName: null,
    running: 0,
    failedJobs: 0,
    incidents: 0,
    durations: null,
    heatRank: null,
    heat: null,
    sla: NO_SLA,
    risk: null,
    bottleneck: null,
  };
}
