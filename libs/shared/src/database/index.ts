export * from './service-data-source';
export * from './processed-events.migration';
export * from './queryable';
