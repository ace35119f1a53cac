import { sliceWhole } from '@flowpilot/shared';
import { scopeEventNames } from '../generation/event-scope';
import { BuiltModel } from '../generation/model-pipeline';
import { ProcessGraph } from '../graph/process-graph';
import { LlmGraphGenerator, RepairFeedback } from './llm-graph.generator';

/** After the first answer, at most this many answers with the errors fed back (as ProMoAI does). */
export const MAX_REPAIR_ROUNDS = 3;

/**
 * The engine's own parse of a model: ok, or its refusal. null when no engine
 * could be asked (none configured, or unreachable): the answer is then judged
 * on schema, build and lint alone.
 */
export type EngineVerdict = (xml: string) => Promise<{ ok: boolean; message: string | null } | null>;

/**
 * Time for the whole loop (the part of the gateway's wait left for the LLM) and for one worst-case
 * LLM call: a further round starts only when it can still finish in time, so repairs never make the
 * gateway give up on a reply the first answer alone would have made in time.
 */
export interface RepairBudget {
  totalMs: number;
  callMs: number;
}

export type RepairOutcome =
  | { ok: true; built: BuiltModel; rounds: number; model: string }
  | { ok: false; reason: string; rounds: number };

/**
 * Ask, check, feed the problems back, ask again. An answer counts only when it
 * passes the graph schema, builds (repairable problems repaired), lints
 * without errors and, where an engine is at hand, deploys. A failure to answer
 * at all (timeout, HTTP error) ends the loop at once: repeating the question
 * will not help, and the offline model stands.
 */
export class LlmRepairLoop {
  constructor(
    private readonly llm: LlmGraphGenerator,
    private readonly build: (
      graph: ProcessGraph,
    ) => Promise<{ ok: true; built: BuiltModel } | { ok: false; reason: string }>,
    private readonly verdict: EngineVerdict | null,
    private readonly budget: RepairBudget | null = null,
  ) {}

  async run(text: string, processId: string, name: string): Promise<RepairOutcome> {
    const feedback: RepairFeedback[] = [];
    const started = Date.now();
    const inTime = (ms: number) => !this.budget || Date.now() - started + ms <= this.budget.totalMs;
    let reason = 'the LLM gave no answer';
    for (let round = 0; round <= MAX_REPAIR_ROUNDS; round++) {
      if (round > 0 && !inTime(this.budget?.callMs ?? 0))
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
      const problems = await this.problemsOf(scopeEventNames(answer.graph), inTime(0));
      if (problems.ok) return { ok: true, built: problems.built, rounds: round, model: answer.model };
      reason = problems.reasons.join('; ');
      feedback.push({ answer: answer.answer, problems: problems.reasons });
    }
    return { ok: false, reason: sliceWhole(reason, 500), rounds: MAX_REPAIR_ROUNDS };
  }

  private async problemsOf(
    graph: ProcessGraph,
    askEngine: boolean,
  ): Promise<{ ok: true; built: BuiltModel } | { ok: false; reasons: string[] }> {
    const candidate = await this.build(graph);
    if (!candidate.ok) return { ok: false, reasons: [candidate.reason] };
    const errors = candidate.built.lintFindings.filter((f) => f.severity === 'error');
    if (errors.length > 0)
      return {
        ok: false,
        reasons: errors
          .slice(0, 10)
          .map((f) => `lint ${f.rule}${f.elementId ? ` at ${f.elementId}` : ''}: ${f.message}`),
      };
    const engine = this.verdict && askEngine ? await this.verdict(candidate.built.xml) : null;
    if (engine && !engine.ok)
      return {
        ok: false,
        reasons: [`the engine refused the deployment: ${sliceWhole(engine.message ?? '', 1_000)}`],
      };
    return { ok: true, built: candidate.built };
  }
}
