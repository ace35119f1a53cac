export * from './event-batch.fixture';
export * from './fake-openai';
export * from './recording-publisher';
export * from './temporary-database';
