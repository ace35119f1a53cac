export * from './camunda-rest.client';
