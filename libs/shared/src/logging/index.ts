export * from './app-logger';
export * from './trace-context';
export * from './pipeline-logging';
