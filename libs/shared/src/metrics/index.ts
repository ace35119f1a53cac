export * from './metrics-registry';
export * from './pipeline-metrics';
export * from './camunda-gauges';
export * from './metrics.controller';
