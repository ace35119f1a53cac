export * from './camunda-fleet';
export * from './camunda-readiness.service';
export * from './camunda-rest.client';
