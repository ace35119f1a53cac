import { Inject, Injectable } from '@nestjs/common';
import { BpmnCommand, ValidationReport } from '@flowpilot/shared';
import { DeploymentService } from '../deploy/deployment.service';
import { GenerationService } from '../generation/generation.service';
import { notFound } from '../knowledge/model-not-found.util';
import { InvalidBpmnError, ModelPipeline } from '../generation/model-pipeline';
import { ModelRepository } from '../knowledge/model.repository';
import { describeTemplates } from '../templates/template-catalogue';
import { countFindings } from '../validation/bpmn-linter';
import { inspectCallerXml } from '../validation/caller-xml.gate';
import { processCountOf } from '../validation/model-inspector';
import { noProcessFailure, refuseUnstorableText } from '../validation/invalid-request.util';

const DEFAULT_PAGE = 50;

/** Runs one command; its result is the reply's `result` (the contract's BPMN_RESULT_SCHEMAS). */
@Injectable()
export class BpmnCommandHandler {
  constructor(
    @Inject(GenerationService)
    private readonly generation: Pick<
      GenerationService,
      'fromText' | 'fromTemplate' | 'enhance' | 'sourceXml'
    >,
    @Inject(DeploymentService) private readonly deployments: Pick<DeploymentService, 'deploy' | 'verdict'>,
    @Inject(ModelRepository) private readonly models: Pick<ModelRepository, 'list' | 'detail' | 'search'>,
    private readonly pipeline: ModelPipeline,
  ) {}

  async execute(command: BpmnCommand, requestId: string): Promise<unknown> {
    refuseUnstorableText(command);
    switch (command.type) {
      case 'generate-from-text':
        return this.generation.fromText(command, requestId);
      case 'generate-from-template':
        return this.generation.fromTemplate(command, requestId);
      case 'enhance':
        return this.generation.enhance(command, requestId);
      case 'validate':
        return this.validate(command);
      case 'deploy':
        return this.deployments.deploy(command);
      case 'list-models':
        return this.models.list(command.limit ?? DEFAULT_PAGE, command.offset ?? 0);
      case 'get-model': {
        const detail = await this.models.detail(command.modelId, command.version);
        if (!detail) throw notFound(command.modelId, command.version);
        return detail;
      }
      case 'search-models':
        return { items: await this.models.search(command.query, command.limit ?? DEFAULT_PAGE) };
      case 'list-templates':
        return { templates: describeTemplates() };
    }
  }

  private async validate(command: Extract<BpmnCommand, { type: 'validate' }>): Promise<ValidationReport> {
    const xml = await this.generation.sourceXml(command.source);
    try {
      // The caller's own XML is refused when malformed; a stored model is reported on as it is.
      const inspection =
        command.source.kind === 'xml'
          ? await inspectCallerXml(this.pipeline, xml)
          : await this.pipeline.inspect(xml);
      const processCount = processCountOf(inspection.definitions);
      if (command.node && processCount === 0) throw noProcessFailure(`deploy to ${command.node}`);
      return {
        parse: { ok: true, warnings: inspection.parseWarnings },
        lintFindings: inspection.lintFindings,
        lint: countFindings(inspection.lintFindings),
        engine: command.node ? await this.deployments.verdict(command.node, xml) : null,
        suggestions: inspection.suggestions,
        stats: inspection.stats,
        processCount,
      };
    } catch (error) {
      if (!(error instanceof InvalidBpmnError)) throw error;
      return {
        parse: { ok: false, warnings: [error.message] },
        lintFindings: [],
        lint: { errors: 0, warnings: 0 },
        engine: null,
        suggestions: [],
        stats: null,
      };
    }
  }
}
