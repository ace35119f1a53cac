/** The app's validated settings object (each app has its own type for it). */
export const APP_CONFIG = Symbol('APP_CONFIG');
/** The connected, idempotent kafkajs producer. */
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
/** The consumer group's processed-event store. */
export const PROCESSED_EVENT_STORE = Symbol('PROCESSED_EVENT_STORE');
