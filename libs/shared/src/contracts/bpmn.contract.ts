import { z } from 'zod';
import { replyPayloadSchema, requestPayloadSchema } from './request-reply.contract';

/**
 * Commands the bpmn-generator answers over Kafka (request/reply, see
 * `kafka/request-reply.ts`) and the results it sends back. The gateway is the
 * asker; every text field here is data and is escaped before it reaches XML.
 */

export const ENHANCEMENT_PASSES = ['error-boundaries', 'sla-timers', 'compensation', 'parallelize'] as const;
export const EnhancementPassSchema = z.enum(ENHANCEMENT_PASSES);
export type EnhancementPass = z.infer<typeof EnhancementPassSchema>;

export const TEMPLATE_KINDS = [
  'data-sync',
  'approval-chain',
  'saga',
  'event-driven',
  'batch',
  'retry-circuit-breaker',
] as const;
export const TemplateKindSchema = z.enum(TEMPLATE_KINDS);
export type TemplateKind = z.infer<typeof TemplateKindSchema>;

const modelId = z.uuid();
const nodeName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, dot, dash and underscore only');
/** A BPMN process id (an XML NCName that Camunda accepts as a definition key). */
const processId = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.-]{0,199}$/,
    'must start with a letter or underscore; letters, digits, _ . - only',
  );
const modelName = z.string().min(1).max(200);
const isoDate = z.iso.datetime({ offset: true });
const MAX_XML_CHARS = 800_000;

export const TemplateConfigSchema = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/),
    z.union([z.string().max(500), z.number(), z.boolean()]),
  )
  .refine((config) => Object.keys(config).length <= 50, 'at most 50 settings');
export type TemplateConfig = z.infer<typeof TemplateConfigSchema>;

/** A stored model (latest version unless one is named) or BPMN XML brought by the caller. */
export const ModelSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('model'), modelId, version: z.number().int().positive().optional() }),
  z.object({ kind: z.literal('xml'), xml: z.string().min(1).max(MAX_XML_CHARS) }),
]);
export type ModelSource = z.infer<typeof ModelSourceSchema>;

const VariableValueSchema = z.object({
  value: z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]),
  type: z.enum(['String', 'Integer', 'Long', 'Double', 'Boolean', 'Null']).optional(),
});

export const BpmnCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('generate-from-text'),
    text: z.string().min(1).max(20_000),
    name: modelName.optional(),
    processId: processId.optional(),
    /** Ask the configured LLM for the process graph; the offline parser answers when it is off or fails. */
    useLlm: z.boolean().optional(),
    enhancements: z.array(EnhancementPassSchema).max(ENHANCEMENT_PASSES.length).optional(),
  }),
  z.object({
    type: z.literal('generate-from-template'),
    template: TemplateKindSchema,
    config: TemplateConfigSchema.optional(),
    name: modelName.optional(),
    processId: processId.optional(),
    enhancements: z.array(EnhancementPassSchema).max(ENHANCEMENT_PASSES.length).optional(),
  }),
  z.object({
    type: z.literal('enhance'),
    source: ModelSourceSchema,
    passes: z.array(EnhancementPassSchema).min(1).max(ENHANCEMENT_PASSES.length),
    name: modelName.optional(),
  }),
  z.object({
    type: z.literal('validate'),
    source: ModelSourceSchema,
    /** Also ask this Camunda node for its verdict (deploy, then remove the deployment). */
    node: nodeName.optional(),
  }),
  z.object({
    type: z.literal('deploy'),
    modelId,
    version: z.number().int().positive().optional(),
    node: nodeName,
    startInstance: z.boolean().optional(),
    businessKey: z.string().min(1).max(255).optional(),
    variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/), VariableValueSchema).optional(),
  }),
  z.object({
    type: z.literal('list-models'),
    limit: z.number().int().min(1).max(200).optional(),
    offset: z.number().int().min(0).optional(),
  }),
  z.object({ type: z.literal('get-model'), modelId, version: z.number().int().positive().optional() }),
  z.object({
    type: z.literal('search-models'),
    query: z.string().min(1).max(200),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  z.object({ type: z.literal('list-templates') }),
]);
export type BpmnCommand = z.infer<typeof BpmnCommandSchema>;
export type BpmnCommandType = BpmnCommand['type'];

export const LintFindingSchema = z.object({
  rule: z.string().max(200),
  severity: z.enum(['error', 'warn', 'info']),
  elementId: z.string().max(255).nullable(),
  message: z.string().max(2_000),
});
export type LintFinding = z.infer<typeof LintFindingSchema>;

export const SUGGESTION_KINDS = [
  'lint',
  'missing-error-handling',
  'missing-sla',
  'missing-compensation',
  'redundant-step',
  'parallelizable',
  'missing-retry',
] as const;
export const SuggestionSchema = z.object({
  kind: z.enum(SUGGESTION_KINDS),
  message: z.string().max(2_000),
  elementIds: z.array(z.string().max(255)).max(50),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const TimerStatSchema = z.object({
  elementId: z.string().max(255),
  placement: z.enum(['start', 'intermediate', 'boundary']),
  kind: z.enum(['duration', 'cycle', 'date']),
  value: z.string().max(200),
});

export const ModelStatsSchema = z.object({
  userTasks: z.number().int().nonnegative(),
  serviceTasks: z.number().int().nonnegative(),
  otherTasks: z.number().int().nonnegative(),
  gateways: z.object({
    exclusive: z.number().int().nonnegative(),
    parallel: z.number().int().nonnegative(),
    inclusive: z.number().int().nonnegative(),
    eventBased: z.number().int().nonnegative(),
  }),
  timers: z.array(TimerStatSchema),
  messageEvents: z.number().int().nonnegative(),
  errorEvents: z.number().int().nonnegative(),
  escalationEvents: z.number().int().nonnegative(),
  compensationEvents: z.number().int().nonnegative(),
  conditions: z.array(z.string().max(1_000)),
  sequenceFlows: z.number().int().nonnegative(),
});
export type ModelStats = z.infer<typeof ModelStatsSchema>;

export const DeploymentRecordSchema = z.object({
  node: nodeName,
  deploymentId: z.string().max(64),
  processDefinitionId: z.string().max(255).nullable(),
  processDefinitionKey: z.string().max(255).nullable(),
  engineVersion: z.number().int().nullable(),
  deployedAt: isoDate,
  instanceId: z.string().max(64).nullable(),
});
export type DeploymentRecord = z.infer<typeof DeploymentRecordSchema>;

export const SOURCE_KINDS = ['text', 'template', 'enhancement', 'import'] as const;
export const GENERATORS = ['offline', 'llm', 'template', 'enhancer', 'import'] as const;

export const ModelSummarySchema = z.object({
  modelId,
  version: z.number().int().positive(),
  name: z.string().max(200),
  processId: z.string().max(200),
  sourceKind: z.enum(SOURCE_KINDS),
  generator: z.enum(GENERATORS),
  createdAt: isoDate,
  lint: z.object({ errors: z.number().int().nonnegative(), warnings: z.number().int().nonnegative() }),
  latestDeployment: DeploymentRecordSchema.nullable(),
});
export type ModelSummary = z.infer<typeof ModelSummarySchema>;

export const ModelDetailSchema = ModelSummarySchema.extend({
  xml: z.string().max(MAX_XML_CHARS),
  sourceText: z.string().max(20_000).nullable(),
  template: z.object({ kind: TemplateKindSchema, config: TemplateConfigSchema }).nullable(),
  parentVersion: z.number().int().positive().nullable(),
  enhancements: z.array(EnhancementPassSchema),
  lintFindings: z.array(LintFindingSchema).max(500),
  suggestions: z.array(SuggestionSchema).max(200),
  stats: ModelStatsSchema,
  /** How the model came about: LLM fallbacks, repairs, text the parser read as plain tasks. */
  notes: z.array(z.string().max(1_000)).max(50),
  deployments: z.array(DeploymentRecordSchema).max(200),
  versions: z
    .array(
      z.object({
        version: z.number().int().positive(),
        createdAt: isoDate,
        sourceKind: z.enum(SOURCE_KINDS),
      }),
    )
    .max(1_000),
});
export type ModelDetail = z.infer<typeof ModelDetailSchema>;

export const ValidationReportSchema = z.object({
  parse: z.object({ ok: z.boolean(), warnings: z.array(z.string().max(1_000)).max(100) }),
  lintFindings: z.array(LintFindingSchema).max(500),
  lint: z.object({ errors: z.number().int().nonnegative(), warnings: z.number().int().nonnegative() }),
  engine: z.object({ node: nodeName, ok: z.boolean(), message: z.string().max(4_000).nullable() }).nullable(),
  suggestions: z.array(SuggestionSchema).max(200),
  stats: ModelStatsSchema.nullable(),
  /**
   * How many `<process>` elements the parsed definitions hold; 0 means there is
   * nothing to run, enhance or deploy (the asker refuses such input). Absent when
   * the XML does not parse, and from producers older than the field (treat as unknown).
   */
  processCount: z.number().int().nonnegative().optional(),
});
export type ValidationReport = z.infer<typeof ValidationReportSchema>;

/**
 * Why XML a caller brought (validate, enhance) was refused as `invalid-request`
 * before any engine was asked: the reply's `details.problem`. `doctype`: a
 * DOCTYPE or entity declaration (XML bombs, external entities); `malformed-xml`:
 * it does not parse as BPMN 2.0 or parses with warnings (unknown elements,
 * duplicate ids, unresolved references; `details.problems` lists them);
 * `no-process`: definitions without a `<process>`.
 */
export const CALLER_BPMN_PROBLEMS = ['doctype', 'malformed-xml', 'no-process'] as const;
export type CallerBpmnProblem = (typeof CALLER_BPMN_PROBLEMS)[number];

export const DeployResultSchema = z.object({
  modelId,
  version: z.number().int().positive(),
  deployment: DeploymentRecordSchema,
  /** What the engine answered, trimmed to the deployed definitions. */
  engine: z.object({
    deploymentId: z.string().max(64),
    deployedProcessDefinitions: z.array(
      z.object({ id: z.string().max(255), key: z.string().max(255), version: z.number().int() }),
    ),
  }),
  instance: z.object({ id: z.string().max(64), ended: z.boolean() }).nullable(),
});
export type DeployResult = z.infer<typeof DeployResultSchema>;

export const TemplateDescriptionSchema = z.object({
  kind: TemplateKindSchema,
  title: z.string().max(200),
  description: z.string().max(2_000),
  parameters: z.array(
    z.object({
      name: z.string().max(64),
      description: z.string().max(500),
      default: z.union([z.string().max(500), z.number(), z.boolean()]),
    }),
  ),
});
export type TemplateDescription = z.infer<typeof TemplateDescriptionSchema>;

/** The result schema of each command type. */
export const BPMN_RESULT_SCHEMAS = {
  'generate-from-text': ModelDetailSchema,
  'generate-from-template': ModelDetailSchema,
  enhance: ModelDetailSchema,
  validate: ValidationReportSchema,
  deploy: DeployResultSchema,
  'list-models': z.object({ total: z.number().int().nonnegative(), items: z.array(ModelSummarySchema) }),
  'get-model': ModelDetailSchema,
  'search-models': z.object({ items: z.array(ModelSummarySchema) }),
  'list-templates': z.object({ templates: z.array(TemplateDescriptionSchema) }),
} satisfies Record<BpmnCommandType, z.ZodType>;

export const BpmnRequestSchema = requestPayloadSchema(BpmnCommandSchema);
export type BpmnRequest = z.infer<typeof BpmnRequestSchema>;

export const BpmnReplySchema = replyPayloadSchema(BPMN_RESULT_SCHEMAS);
export type BpmnReply = z.infer<typeof BpmnReplySchema>;
export type BpmnResultOf<T extends BpmnCommandType> = z.output<(typeof BPMN_RESULT_SCHEMAS)[T]>;
