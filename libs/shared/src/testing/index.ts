export * from './event-batch.fixture';
export * from './recording-publisher';
export * from './temporary-database';
