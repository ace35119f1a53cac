export * from './analysis.payloads';
export * from './bpmn.payloads';
export * from './camunda-facts.payloads';
export * from './incident-analysis.payloads';
export * from './settings.payloads';
export * from './worker.payloads';
