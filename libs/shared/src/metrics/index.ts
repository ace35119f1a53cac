export * from './metrics-registry';
export * from './pipeline-metrics';
export * from './metrics.controller';
