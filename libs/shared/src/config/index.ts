export * from './load-config';
export * from './secret-redactor';
export * from './settings';
export * from './common-settings';
export * from './camunda-node-settings';
