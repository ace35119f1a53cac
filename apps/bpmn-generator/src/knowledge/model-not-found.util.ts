import { ReplyFailure } from '@flowpilot/shared';

/** The reply to a command naming a model (or version) the knowledge base does not hold. */
export function notFound(modelId: string, version?: number): ReplyFailure {
  return new ReplyFailure(
    'not-found',
    `model ${modelId}${version ? ` version ${version}` : ''} does not exist`,
    { modelId, version: version ?? null },
  );
}
