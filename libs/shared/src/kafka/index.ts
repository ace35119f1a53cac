export * from './kafka-client.factory';
export * from './envelope-codec';
export * from './event-id';
export * from './event-publisher';
export * from './pipeline-events';
export * from './processed-event.store';
export * from './envelope-kafka.context';
export * from './envelope-kafka.transport';
