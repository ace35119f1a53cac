export * from './event-batch.fixture';
