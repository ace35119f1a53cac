import { z } from 'zod';

/**
 * The typed process graph every path produces (offline parser, templates, the
 * LLM, imported XML) and the one builder turns into BPMN XML. Names and
 * expressions are plain data here; the builder escapes them.
 */

const elementId = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,99}$/, 'must be an XML id: a letter or _, then letters, digits, _ or -');
const name = z.string().min(1).max(200);
/** ISO-8601 duration (P3D, PT2H, PT5M, P1DT12H). */
export const isoDuration = z
  .string()
  .regex(
    /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
    'must be an ISO-8601 duration',
  );
/** ISO-8601 repeating interval (R/PT5M, R3/PT10S). */
export const isoCycle = z
  .string()
  .regex(
    /^R\d*\/P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
    'must be an ISO-8601 repeating interval',
  );
/** A Camunda JUEL expression; only `${...}` with a conservative character set is accepted. */
export const juelExpression = z
  .string()
  .max(500)
  .regex(/^\$\{[A-Za-z0-9_ .,'"<>=!&|()+\-*/%?:]+\}$/, 'must be a ${...} expression')
  // Variables and literals only: no method calls or property chains (`execution.getProcessEngine()`), which could reach engine internals.
  .refine(
    (e) => !/\b[A-Za-z_]\w*\s*[.(]/.test(e.slice(2, -1).replace(/'[^']*'|"[^"]*"/g, "''")),
    'may compare variables and literals only',
  );
const code = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/);
const topic = z.string().regex(/^[a-z][a-z0-9-]{0,99}$/, 'lowercase letters, digits and dashes');

export const TimerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('duration'), value: isoDuration }),
  z.object({ kind: z.literal('cycle'), value: isoCycle }),
]);
export type Timer = z.infer<typeof TimerSchema>;

export const RetrySchema = z.object({ times: z.number().int().min(1).max(20), interval: isoDuration });
export type Retry = z.infer<typeof RetrySchema>;

export const FormFieldSchema = z.object({
  id: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/),
  label: name,
  type: z.enum(['string', 'long', 'boolean', 'date']),
});
export type FormField = z.infer<typeof FormFieldSchema>;

const base = { id: elementId, name };

export const NodeSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('start'),
    trigger: z.discriminatedUnion('type', [
      z.object({ type: z.literal('none') }),
      z.object({ type: z.literal('timer'), timer: TimerSchema }),
      z.object({ type: z.literal('message'), message: name }),
    ]),
  }),
  z.object({
    ...base,
    kind: z.literal('end'),
    result: z.discriminatedUnion('type', [
      z.object({ type: z.literal('none') }),
      z.object({ type: z.literal('error'), code }),
      z.object({ type: z.literal('escalation'), code }),
      z.object({ type: z.literal('terminate') }),
    ]),
  }),
  z.object({
    ...base,
    kind: z.literal('serviceTask'),
    topic,
    retry: RetrySchema.optional(),
    multiInstance: z
      .object({
        collection: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/),
        elementVariable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/),
        sequential: z.boolean(),
      })
      .optional(),
    /** A compensation handler: runs only when compensation is thrown. */
    forCompensation: z.boolean().optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('userTask'),
    candidateGroups: z
      .array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/))
      .min(1)
      .max(10),
    formFields: z.array(FormFieldSchema).max(20),
  }),
  z.object({ ...base, kind: z.literal('exclusiveGateway') }),
  z.object({ ...base, kind: z.literal('parallelGateway') }),
  z.object({ ...base, kind: z.literal('eventBasedGateway') }),
  z.object({ ...base, kind: z.literal('timerCatch'), timer: TimerSchema }),
  z.object({ ...base, kind: z.literal('messageCatch'), message: name }),
  z.object({ ...base, kind: z.literal('escalationThrow'), code }),
  /** Triggers the compensation handlers of completed activities (saga rollback). */
  z.object({ ...base, kind: z.literal('compensationThrow') }),
]);
export type GraphNode = z.infer<typeof NodeSchema>;
export type NodeKind = GraphNode['kind'];
export type NodeOf<K extends NodeKind> = Extract<GraphNode, { kind: K }>;

export const FlowSchema = z.object({
  id: elementId,
  source: elementId,
  target: elementId,
  /** Label shown on the flow (a condition's wording). */
  name: z.string().max(200).optional(),
  condition: juelExpression.optional(),
  isDefault: z.boolean().optional(),
});
export type Flow = z.infer<typeof FlowSchema>;

export const BoundarySchema = z.object({
  id: elementId,
  name,
  attachedTo: elementId,
  event: z.discriminatedUnion('type', [
    z.object({ type: z.literal('timer'), timer: TimerSchema, interrupting: z.boolean() }),
    z.object({ type: z.literal('error'), code }),
    z.object({ type: z.literal('escalation'), code, interrupting: z.boolean() }),
    z.object({ type: z.literal('message'), message: name, interrupting: z.boolean() }),
    /** Links the attached activity to its compensation handler (no outgoing flow). */
    z.object({ type: z.literal('compensation'), handler: elementId }),
  ]),
});
export type Boundary = z.infer<typeof BoundarySchema>;

export const ProcessGraphSchema = z.object({
  processId: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,199}$/),
  name,
  nodes: z.array(NodeSchema).min(2).max(300),
  flows: z.array(FlowSchema).max(600),
  boundaries: z.array(BoundarySchema).max(200),
});
export type ProcessGraph = z.infer<typeof ProcessGraphSchema>;
