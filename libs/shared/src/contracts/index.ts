export * from './envelope';
export * from './topic-definition';
export * from './topic-catalogue';
export * from './dead-letter.contract';
export * from './camunda-facts.contract';
export * from './incident-analysis.contract';
