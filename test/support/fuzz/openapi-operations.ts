import { JsonSchema } from './schema-values';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
  example?: unknown;
}

/** One operation of the OpenAPI document, with what the fuzzer needs to build requests for it. */
export interface Operation {
  method: HttpMethod;
  /** The path template, `/api/v1/webhooks/{id}`. */
  path: string;
  label: string;
  pathParams: ParameterSpec[];
  queryParams: ParameterSpec[];
  body: JsonSchema | null;
  bodyRequired: boolean;
  secured: boolean;
}

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
  example?: unknown;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/**
 * Every operation of the document. Path parameters the document forgets to
 * declare are taken from the template (as strings), so no route is skipped.
 */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const declared = (operation.parameters ?? []).map(toParameter);
      const templateNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const pathParams = templateNames.map(
        (name) =>
          declared.find((p) => p.in === 'path' && p.name === name) ?? {
            name,
            in: 'path' as const,
            required: true,
            schema: { type: 'string' },
          },
      );
      operations.push({
        method: method.toUpperCase() as HttpMethod,
        path,
        label: `${method.toUpperCase()} ${path}`,
        pathParams,
        queryParams: declared.filter((p) => p.in === 'query'),
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
        bodyRequired: operation.requestBody?.required ?? false,
        secured: path.startsWith('/api/'),
      });
    }
  }
  return operations;
}

function toParameter(parameter: OpenApiParameter): ParameterSpec {
  return {
    name: parameter.name,
    in: parameter.in === 'path' ? 'path' : 'query',
    required: parameter.required ?? parameter.in === 'path',
    schema: parameter.schema ?? { type: 'string' },
    example: parameter.example,
  };
}
