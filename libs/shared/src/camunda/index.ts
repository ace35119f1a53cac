export * from './camunda-fleet';
export * from './camunda-rest.client';
