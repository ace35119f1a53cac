export * from './periodic-task';
export * from './backoff';
