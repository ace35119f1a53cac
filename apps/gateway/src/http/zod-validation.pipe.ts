import { ArgumentMetadata, HttpStatus, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { StorableTextIssue, unstorableTextIssues } from '@flowpilot/shared';
import { ApiError } from './api-error';

/**
 * Validates a body, query or path parameter at the boundary and hands the
 * handler a typed command; anything else is a 400 naming each bad field.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<S> {
    const where = metadata.type === 'custom' ? 'input' : metadata.type;
    const textIssues = unstorableTextIssues(value);
    if (textIssues.length > 0) throw invalid(where, textIssues);
    const result = this.schema.safeParse(value ?? (metadata.type === 'body' ? undefined : {}));
    if (result.success) return result.data;
    throw invalid(
      where,
      result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  }
}

function invalid(where: string, issues: StorableTextIssue[]): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, 'validation_failed', `Invalid ${where}`, { issues });
}

export const validated = <S extends z.ZodType>(schema: S): ZodValidationPipe<S> =>
  new ZodValidationPipe(schema);
