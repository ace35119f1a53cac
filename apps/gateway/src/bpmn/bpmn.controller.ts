import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { BpmnResultOf, ModelDetail } from '@flowpilot/shared';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiAnswers, ApiJsonBody, ApiQueryOf } from '../http/openapi.util';
import { validated } from '../http/zod-validation.pipe';
import {
  BodyOf,
  DeployBodySchema,
  EnhanceBodySchema,
  GenerateFromTemplateBodySchema,
  GenerateFromTextBodySchema,
  ModelListQuerySchema,
  ModelParamsSchema,
  SearchQuerySchema,
  ValidateBodySchema,
  VersionQuerySchema,
} from './bpmn.schemas';
import { BPMN_EXAMPLES } from './bpmn.examples';
import { BpmnService } from './bpmn.service';

export type ModelWithLinks = ModelDetail & { links: { xml: string; viewer: string } };

const withLinks = (model: ModelDetail): ModelWithLinks => ({
  ...model,
  links: {
    xml: `/api/v1/bpmn/models/${model.modelId}/xml?version=${model.version}`,
    viewer: `/bpmn-viewer.html#model=${model.modelId}&version=${model.version}`,
  },
});

@ApiTags('bpmn')
@ApiSecurity('api-key')
@Controller('api/v1/bpmn')
export class BpmnController {
  constructor(@Inject(BpmnService) private readonly bpmn: BpmnService) {}

  @Post('generate')
  @RequireScope('write')
  @ApiOperation({
    summary:
      'Generate an executable, laid-out BPMN model from a plain-English description (stored as a new model).',
  })
  @ApiJsonBody(GenerateFromTextBodySchema, BPMN_EXAMPLES.generateFromText)
  @ApiAnswers(
    201,
    'The generated model, with XML, lint findings, suggestions and links',
    BPMN_EXAMPLES.model,
    [422, 503, 504],
  )
  async generate(
    @Body(validated(GenerateFromTextBodySchema)) body: BodyOf<'generate-from-text'>,
  ): Promise<ModelWithLinks> {
    return withLinks(await this.bpmn.run({ type: 'generate-from-text', ...body }));
  }

  @Post('generate-from-template')
  @RequireScope('write')
  @ApiOperation({
    summary: 'Generate a model from an integration template (data sync, approval chain, saga, …).',
  })
  @ApiJsonBody(GenerateFromTemplateBodySchema, BPMN_EXAMPLES.generateFromTemplate)
  @ApiAnswers(201, 'The generated model', BPMN_EXAMPLES.model, [422, 503, 504])
  async fromTemplate(
    @Body(validated(GenerateFromTemplateBodySchema)) body: BodyOf<'generate-from-template'>,
  ): Promise<ModelWithLinks> {
    return withLinks(await this.bpmn.run({ type: 'generate-from-template', ...body }));
  }

  @Post('enhance')
  @RequireScope('write')
  @ApiOperation({
    summary:
      'Add error boundaries, SLA timers, compensation or parallel branches to a stored model or to given XML (new version).',
  })
  @ApiJsonBody(EnhanceBodySchema, BPMN_EXAMPLES.enhance)
  @ApiAnswers(201, 'The enhanced model', BPMN_EXAMPLES.model, [404, 422, 503, 504])
  async enhance(@Body(validated(EnhanceBodySchema)) body: BodyOf<'enhance'>): Promise<ModelWithLinks> {
    return withLinks(await this.bpmn.run({ type: 'enhance', ...body }));
  }

  @Post('validate')
  // With a node, validation deploys the model to that engine for its verdict: not a read.
  @RequireScope('write')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Parse and lint a model (stored or given XML); with `node`, also ask that Camunda node's verdict. Given XML that is not a well-formed BPMN 2.0 document (parse errors, unknown elements, duplicate ids, dangling references, a DOCTYPE) or that holds no `<process>` is a 400, and never reaches an engine.",
  })
  @ApiJsonBody(ValidateBodySchema, BPMN_EXAMPLES.validate)
  @ApiAnswers(200, 'The validation report', BPMN_EXAMPLES.validationReport, [404, 503, 504])
  validate(@Body(validated(ValidateBodySchema)) body: BodyOf<'validate'>): Promise<BpmnResultOf<'validate'>> {
    return this.bpmn.validate(body.source, body.node);
  }

  @Post('models/:modelId/deploy')
  @RequireScope('write')
  @ApiOperation({ summary: 'Deploy a stored model to a Camunda node, optionally starting an instance.' })
  @ApiParam({ name: 'modelId', example: BPMN_EXAMPLES.model.modelId })
  @ApiJsonBody(DeployBodySchema, BPMN_EXAMPLES.deploy)
  @ApiAnswers(201, 'The deployment', BPMN_EXAMPLES.deployResult, [404, 422, 503, 504])
  deploy(
    @Param(validated(ModelParamsSchema)) params: { modelId: string },
    @Body(validated(DeployBodySchema)) body: BodyOf<'deploy', 'modelId'>,
  ): Promise<BpmnResultOf<'deploy'>> {
    return this.bpmn.run({ type: 'deploy', ...body, modelId: params.modelId });
  }

  @Get('models')
  @RequireScope('read')
  @ApiOperation({ summary: 'The knowledge base: stored models, newest first.' })
  @ApiQueryOf(ModelListQuerySchema)
  @ApiAnswers(200, 'A page of models', {
    data: [BPMN_EXAMPLES.summary],
    page: { limit: 50, offset: 0, total: 1 },
  })
  async list(@Query(validated(ModelListQuerySchema)) query: { limit: number; offset: number }) {
    const result = await this.bpmn.run({ type: 'list-models', limit: query.limit, offset: query.offset });
    return { data: result.items, page: { limit: query.limit, offset: query.offset, total: result.total } };
  }

  @Get('models/search')
  @RequireScope('read')
  @ApiOperation({ summary: 'Search the knowledge base by name, description and task names.' })
  @ApiQueryOf(SearchQuerySchema, { q: 'invoice approval' })
  @ApiAnswers(200, 'Matching models', { data: [BPMN_EXAMPLES.summary] })
  async search(@Query(validated(SearchQuerySchema)) query: { q: string; limit: number }) {
    const result = await this.bpmn.run({ type: 'search-models', query: query.q, limit: query.limit });
    return { data: result.items };
  }

  @Get('templates')
  @RequireScope('read')
  @ApiOperation({ summary: 'The integration templates and their parameters.' })
  @ApiAnswers(200, 'Templates', BPMN_EXAMPLES.templates)
  async templates() {
    const result = await this.bpmn.run({ type: 'list-templates' });
    return { data: result.templates };
  }

  @Get('models/:modelId')
  @RequireScope('read')
  @ApiOperation({
    summary:
      'One model (latest version unless `version` is given) with XML, findings, stats, deployments and links.',
  })
  @ApiParam({ name: 'modelId', example: BPMN_EXAMPLES.model.modelId })
  @ApiQueryOf(VersionQuerySchema, { version: 1 })
  @ApiAnswers(200, 'The model', BPMN_EXAMPLES.model, [404, 503, 504])
  async get(
    @Param(validated(ModelParamsSchema)) params: { modelId: string },
    @Query(validated(VersionQuerySchema)) query: { version?: number },
  ): Promise<ModelWithLinks> {
    return withLinks(
      await this.bpmn.run({ type: 'get-model', modelId: params.modelId, version: query.version }),
    );
  }

  @Get('models/:modelId/xml')
  @RequireScope('read')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @ApiOperation({ summary: 'Download the BPMN 2.0 XML of a model version.' })
  @ApiParam({ name: 'modelId', example: BPMN_EXAMPLES.model.modelId })
  @ApiQueryOf(VersionQuerySchema, { version: 1 })
  @ApiProduces('application/xml')
  @ApiAnswers(200, 'BPMN XML', BPMN_EXAMPLES.model.xml, [404, 503, 504])
  async xml(
    @Param(validated(ModelParamsSchema)) params: { modelId: string },
    @Query(validated(VersionQuerySchema)) query: { version?: number },
  ): Promise<StreamableFile> {
    const model = await this.bpmn.run({ type: 'get-model', modelId: params.modelId, version: query.version });
    const file = `${model.processId}-v${model.version}.bpmn`.replace(/[^A-Za-z0-9._-]/g, '_');
    return new StreamableFile(Buffer.from(model.xml, 'utf8'), {
      type: 'application/xml; charset=utf-8',
      disposition: `attachment; filename="${file}"`,
    });
  }
}
