import { Injectable } from '@nestjs/common';
import { LintFinding, ModelStats, Suggestion } from '@flowpilot/shared';
import { ModelPipelineSettings } from '../bpmn-generator.settings';
import { createBpmnModdle, ModdleElement } from '../builder/bpmn-moddle.adapter';
import { BpmnXmlBuilder } from '../builder/bpmn-xml.builder';
import { repairGraph } from '../graph/graph-repair';
import { ProcessGraph, ProcessGraphSchema } from '../graph/process-graph';
import { BpmnLinter } from '../validation/bpmn-linter';
import { statsOf, suggestionsFor } from '../validation/model-inspector';

export interface Inspection {
  definitions: ModdleElement;
  parseWarnings: string[];
  lintFindings: LintFinding[];
  stats: ModelStats;
  suggestions: Suggestion[];
}

export interface BuiltModel extends Omit<Inspection, 'definitions'> {
  graph: ProcessGraph;
  xml: string;
  /** Repairs made to the graph before building. */
  repairs: string[];
}

/** The graph could not be made valid; the caller falls back or reports why. */
export class GraphRejectedError extends Error {
  constructor(readonly problems: string[]) {
    super(`The process graph is not valid: ${problems.join('; ')}`);
    this.name = 'GraphRejectedError';
  }
}

/** Thrown when XML does not parse as BPMN 2.0. */
export class InvalidBpmnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBpmnError';
  }
}

/**
 * The one path from a graph to a checked model: repair, build (with layout),
 * then parse the XML back and lint it, so what is reported is what was written.
 */
@Injectable()
export class ModelPipeline {
  private readonly builder = new BpmnXmlBuilder();
  private readonly linter = new BpmnLinter();
  private readonly moddle = createBpmnModdle();

  constructor(private readonly options: ModelPipelineSettings) {}

  async build(graph: ProcessGraph): Promise<BuiltModel> {
    const checked = ProcessGraphSchema.safeParse(graph);
    if (!checked.success)
      throw new GraphRejectedError(
        checked.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    const { graph: repaired, repairs, problems } = repairGraph(checked.data);
    if (problems.length > 0) throw new GraphRejectedError(problems);
    const xml = await this.builder.build(repaired, {
      historyTimeToLiveDays: this.options.historyTimeToLiveDays,
    });
    const { definitions: _definitions, ...inspection } = await this.inspect(xml);
    return { graph: repaired, xml, repairs, ...inspection };
  }

  async inspect(xml: string): Promise<Inspection> {
    let parsed: { rootElement: ModdleElement; warnings: { message: string }[] };
    try {
      parsed = await this.moddle.fromXML(xml);
    } catch (error) {
      throw new InvalidBpmnError(`not BPMN 2.0 XML: ${(error as Error).message}`.slice(0, 1_000));
    }
    const definitions = parsed.rootElement;
    const lintFindings = await this.linter.lint(definitions);
    return {
      definitions,
      parseWarnings: parsed.warnings.map((w) => w.message.slice(0, 1_000)).slice(0, 100),
      lintFindings: lintFindings.slice(0, 500),
      stats: statsOf(definitions),
      suggestions: suggestionsFor(definitions, lintFindings),
    };
  }
}
