export * from './app-logger';
export * from './trace-context';
