import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/** The OpenAPI form of a zod schema, so the document is generated from the same code that validates. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;
}

/** Documents a validated JSON body with an example. */
export const ApiJsonBody = (schema: z.ZodType, example: unknown) =>
  ApiBody({ schema: { ...openApiSchema(schema), example } as SchemaObject });

/** Documents each query parameter of a validated query object. */
export function ApiQueryOf(schema: z.ZodObject, examples: Record<string, unknown> = {}) {
  const properties = (openApiSchema(schema).properties ?? {}) as Record<string, SchemaObject>;
  return applyDecorators(
    ...Object.entries(properties).map(([name, property]) =>
      ApiQuery({
        name,
        required: false,
        schema: property,
        example: examples[name],
        description: property.description,
      }),
    ),
  );
}

const ERROR_EXAMPLE = {
  code: 'validation_failed',
  message: 'Invalid body',
  details: { issues: [{ path: 'url', message: 'Invalid URL' }] },
};
const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['code', 'message', 'details'],
  properties: { code: { type: 'string' }, message: { type: 'string' }, details: { nullable: true } },
  example: ERROR_EXAMPLE,
};

/** A success response with its example, plus the error answers every `/api` route can give. */
export function ApiAnswers(
  status: number,
  description: string,
  example: unknown,
  extraErrors: number[] = [],
) {
  const errors = [400, 401, 403, 429, ...extraErrors];
  return applyDecorators(
    ApiResponse({ status, description, schema: { example } as SchemaObject }),
    ...errors.map((code) =>
      ApiResponse({ status: code, description: ERROR_DESCRIPTIONS[code] ?? 'Error', schema: ERROR_SCHEMA }),
    ),
  );
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (`validation_failed` lists each bad field)',
  401: 'Missing, unknown or revoked API key',
  403: 'The API key lacks the required scope',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Request body too large',
  429: 'Rate limit of the API key exceeded (see Retry-After)',
  502: 'A Camunda node answered with an error',
  503: 'A Camunda node or a downstream service is unreachable',
};
