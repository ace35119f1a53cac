// Imported as `@flowpilot/shared/llm`, not from the package root: only the LLM-backed services load the SDK.
export * from './llm.settings';
export * from './llm-backoff';
export * from './llm-failure';
export * from './llm-json';
export * from './llm-client';
export * from './llm-client.events';
export * from './llm-client.metrics';
export * from './llm-rate-limiter';
