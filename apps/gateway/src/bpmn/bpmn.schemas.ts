import { z } from 'zod';
import { BpmnCommand, BpmnCommandSchema } from '@flowpilot/shared';
import { pagingQuery } from '../http/paging';

type CommandType = BpmnCommand['type'];

export type BodyOf<T extends CommandType, Omitted extends string = never> = Omit<
  Extract<BpmnCommand, { type: T }>,
  'type' | Omitted
>;

/** The HTTP body of a BPMN command: the contract's command without `type` (and what the path supplies). */
function bodyOf<T extends CommandType, Omitted extends string = never>(type: T, fromPath: Omitted[] = []) {
  const option = BpmnCommandSchema.options.find((o) => o.shape.type.value === type);
  if (!option) throw new Error(`BPMN command ${type} is not in the contract`);
  const omitted: Record<string, true> = Object.fromEntries(
    ['type', ...fromPath].map((key) => [key, true as const]),
  );
  // The option is found at run time by its `type` literal, so the compiler cannot know the shape it omits from.
  return (option as z.ZodObject)
    .omit(omitted as Record<string, true> & Record<number, never>)
    .strict() as unknown as z.ZodType<BodyOf<T, Omitted>>;
}

export const GenerateFromTextBodySchema = bodyOf('generate-from-text');
export const GenerateFromTemplateBodySchema = bodyOf('generate-from-template');
export const EnhanceBodySchema = bodyOf('enhance');
export const ValidateBodySchema = bodyOf('validate');

export const DeployBodySchema = bodyOf('deploy', ['modelId']);

export const ModelParamsSchema = z.object({ modelId: z.uuid({ error: 'must be a UUID' }) });
export const VersionQuerySchema = z.strictObject({ version: z.coerce.number().int().positive().optional() });
export const ModelListQuerySchema = z.strictObject({ ...pagingQuery });
export const SearchQuerySchema = z.strictObject({
  q: z.string().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
