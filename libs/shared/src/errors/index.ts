export * from './transient-error';
