export * from './periodic-task';
export * from './backoff';
export * from './clock';
