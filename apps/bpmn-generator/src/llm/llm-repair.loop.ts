import { Inject, Injectable } from '@nestjs/common';
import { sliceWhole } from '@flowpilot/shared';
import { RepairBudgetSettings } from '../bpmn-generator.settings';
import { EngineVerdictService } from '../deploy/engine-verdict.service';
import { scopeEventNames } from '../generation/event-scope';
import { BuiltModel } from '../generation/model-pipeline';
import { ProcessGraph } from '../graph/process-graph';
import { LlmGraphGenerator, RepairFeedback } from './llm-graph.generator';

/** After the first answer, at most this many answers with the errors fed back. */
export const MAX_REPAIR_ROUNDS = 3;

export type RepairOutcome =
  | { ok: true; built: BuiltModel; rounds: number; model: string }
  | { ok: false; reason: string; rounds: number };

/** The caller's build of a candidate graph (repair, build, lint), as for the offline model. */
export type BuildAttempt = (
  graph: ProcessGraph,
) => Promise<{ ok: true; built: BuiltModel } | { ok: false; reason: string }>;

/**
 * Ask, check, feed the problems back, ask again. An answer counts only when it
 * passes the graph schema, builds (repairable problems repaired), lints
 * without errors and, where an engine is at hand, deploys. A failure to answer
 * at all (timeout, HTTP error) ends the loop at once: repeating the question
 * will not help, and the offline model stands. A further round starts only when
 * it can still finish within the budget (`RepairBudgetSettings`), so repairs never
 * make the gateway give up on a reply the first answer alone would have made in time.
 */
@Injectable()
export class LlmRepairLoop {
  constructor(
    @Inject(LlmGraphGenerator) private readonly llm: Pick<LlmGraphGenerator, 'enabled' | 'generate'>,
    @Inject(EngineVerdictService) private readonly engine: Pick<EngineVerdictService, 'verdict'>,
    @Inject(RepairBudgetSettings) private readonly budget: RepairBudgetSettings,
  ) {}

  /** False without an LLM: the offline model stands. */
  get enabled(): boolean {
    return this.llm.enabled;
  }

  async run(text: string, processId: string, name: string, build: BuildAttempt): Promise<RepairOutcome> {
    const feedback: RepairFeedback[] = [];
    const started = Date.now();
    const inTime = (ms: number) => Date.now() - started + ms <= this.budget.totalMs;
    let reason = 'the LLM gave no answer';
    for (let round = 0; round <= MAX_REPAIR_ROUNDS; round++) {
      if (round > 0 && !inTime(this.budget.callMs))
        return {
          ok: false,
          reason: `${sliceWhole(reason, 400)}; no time left for another repair round`,
          rounds: round - 1,
        };
      const answer = await this.llm.generate(text, processId, name, feedback);
      if (!answer.ok) {
        reason = answer.reason;
        if (!answer.answered || answer.answer === null) return { ok: false, reason, rounds: round };
        feedback.push({ answer: answer.answer, problems: [answer.reason] });
        continue;
      }
      const problems = await this.problemsOf(build, scopeEventNames(answer.graph), inTime(0));
      if (problems.ok) return { ok: true, built: problems.built, rounds: round, model: answer.model };
      reason = problems.reasons.join('; ');
      feedback.push({ answer: answer.answer, problems: problems.reasons });
    }
    return { ok: false, reason: sliceWhole(reason, 500), rounds: MAX_REPAIR_ROUNDS };
  }

  private async problemsOf(
    build: BuildAttempt,
    graph: ProcessGraph,
    askEngine: boolean,
  ): Promise<{ ok: true; built: BuiltModel } | { ok: false; reasons: string[] }> {
    const candidate = await build(graph);
    if (!candidate.ok) return { ok: false, reasons: [candidate.reason] };
    const errors = candidate.built.lintFindings.filter((f) => f.severity === 'error');
    if (errors.length > 0)
      return {
        ok: false,
        reasons: errors
          .slice(0, 10)
          .map((f) => `lint ${f.rule}${f.elementId ? ` at ${f.elementId}` : ''}: ${f.message}`),
      };
    const engine = askEngine ? await this.engine.verdict(candidate.built.xml) : null;
    if (engine && !engine.ok)
      return {
        ok: false,
        reasons: [`the engine refused the deployment: ${sliceWhole(engine.message ?? '', 1_000)}`],
      };
    return { ok: true, built: candidate.built };
  }
}
