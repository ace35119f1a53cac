import { z } from 'zod';

/**
 * The Camunda 7 family a node runs: Camunda Platform 7 itself or one of its community forks. They share
 * `/engine-rest` and the ACT_* tables, and differ in names (packages, JSON fields) and web-app paths.
 */
export const ENGINE_FLAVOURS = ['camunda7', 'operaton', 'cibseven', 'unknown'] as const;
export const EngineFlavourSchema = z.enum(ENGINE_FLAVOURS);
export type EngineFlavour = z.infer<typeof EngineFlavourSchema>;

/** Where each flavour serves Cockpit, Tasklist and Admin, relative to the server's root. */
export const DEFAULT_WEBAPPS_PATH: Readonly<Record<EngineFlavour, string>> = {
  camunda7: '/camunda',
  operaton: '/operaton',
  cibseven: '/webapp',
  // An unrecognised engine is most likely a Camunda 7 build.
  unknown: '/camunda',
};

/** The base of a node's web apps from its `/engine-rest` URL: same server, the flavour's path. */
export function defaultWebAppsUrl(engineRestUrl: string, flavour: EngineFlavour): string {
  const root = engineRestUrl.replace(/\/+$/, '').replace(/\/engine-rest$/, '');
  return `${root}${DEFAULT_WEBAPPS_PATH[flavour]}`;
}
