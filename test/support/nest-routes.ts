import { DynamicModule, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DECORATORS } from '@nestjs/swagger';

export interface NestRoute {
  /** Upper-case HTTP verb. */
  method: string;
  /** In OpenAPI form: `/api/v1/incidents/{id}`. */
  path: string;
  controller: string;
  handler: string;
  /** The route's own metadata value for `key` (the handler's, else its controller's). */
  metadata: (key: string) => unknown;
  /** Left out of the OpenAPI document on purpose (`@ApiExcludeController`/`@ApiExcludeEndpoint`). */
  excludedFromDocs: boolean;
}

type ModuleRef = Type<unknown> | DynamicModule | Promise<DynamicModule>;

/**
 * Every HTTP route a Nest module tree declares, read from the same decorator
 * metadata Nest's router maps routes from, so a test can hold the OpenAPI
 * document against what the app actually serves.
 */
export function nestRoutes(root: DynamicModule): NestRoute[] {
  const routes: NestRoute[] = [];
  const seen = new Set<unknown>();
  const visit = (ref: ModuleRef): void => {
    if (ref instanceof Promise) throw new Error('async dynamic modules are not walked');
    const moduleClass = 'module' in ref ? ref.module : ref;
    const key = 'module' in ref ? ref : moduleClass;
    if (seen.has(key)) return;
    seen.add(key);
    const controllers: Type<unknown>[] = [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) as Type<unknown>[]) ?? []),
      ...('module' in ref ? (ref.controllers ?? []) : []),
    ];
    for (const controller of controllers) routes.push(...controllerRoutes(controller));
    const imports: ModuleRef[] = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) as ModuleRef[]) ?? []),
      ...('module' in ref ? ((ref.imports ?? []) as ModuleRef[]) : []),
    ];
    imports.forEach(visit);
  };
  visit(root);
  return routes;
}

function controllerRoutes(controller: Type<unknown>): NestRoute[] {
  const prototype = controller.prototype as Record<string, unknown>;
  const classPaths = asList(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
  const classExcluded = Reflect.getMetadata(DECORATORS.API_EXCLUDE_CONTROLLER, controller) as
    [boolean] | undefined;
  const routes: NestRoute[] = [];
  for (const name of Object.getOwnPropertyNames(prototype)) {
    if (name === 'constructor') continue;
    const handler = prototype[name];
    if (typeof handler !== 'function') continue;
    const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
    const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (methodPaths === undefined || verb === undefined) continue; // a Kafka handler, not an HTTP route
    const endpointExcluded = Reflect.getMetadata(DECORATORS.API_EXCLUDE_ENDPOINT, handler) as
      { disable: boolean } | undefined;
    for (const classPath of classPaths.length > 0 ? classPaths : ['']) {
      for (const methodPath of asList(methodPaths)) {
        routes.push({
          method: RequestMethod[verb],
          path: openApiPath(classPath, methodPath),
          controller: controller.name,
          handler: name,
          metadata: (key) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller),
          excludedFromDocs: Boolean(classExcluded?.[0] || endpointExcluded?.disable),
        });
      }
    }
  }
  return routes;
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function openApiPath(...segments: string[]): string {
  const joined = segments
    .flatMap((segment) => segment.split('/'))
    .filter((part) => part.length > 0)
    .map((part) => (part.startsWith(':') ? `{${part.slice(1)}}` : part))
    .join('/');
  return `/${joined}`;
}
