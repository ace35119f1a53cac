/**
 * The test kit (`@flowpilot/shared/testing`): what unit, integration and end-to-end tests share, so no
 * spec writes its own. Tests only: production code may not import it (lint enforces that).
 *
 * - `envelopeOf(topic, payload, overrides)` — an envelope as the transport hands it to a handler;
 *   `batchOf(topic, events, tx)` — a batch for `@OnEventBatch` handlers, `commit()` runs its after-commit effects.
 * - Payload factories (`payloads/<domain>.payloads.ts`) — one valid payload per catalogue topic with fields
 *   replaced by overrides: `incidentOpened({ incidentId })`, `activityCompleted(...)`, `nodeStatus(...)`,
 *   `anomalyDetected(...)`, `incidentAnalyzed(...)`, `workerTaskFailed(...)`, `bpmnRequest(command)`, ….
 *   A spec checks each against its topic schema.
 * - `RecordingPublisher` — the publisher for tests: records `publish`/`publishMany` (`published`,
 *   `eventsOf(topic)`, `payloadsOf(topic)`, `batchSizes`) and fails on demand (`failWith`, `recover`).
 * - `InMemoryFactSource` / `KeyedInMemoryFactSource` — an engine history table in memory that fits the
 *   collector's `FactSource`, for tests that drive something reading facts.
 * - `DeadLetterReader` — for integration tests: collects a topic's dead-letter records off the real broker,
 *   optionally only those one consumer group wrote.
 * - `readWholeTopic(brokers, topic)` — every record of a topic up to its end when the read starts (decoded
 *   envelope and Kafka timestamp), through a throw-away consumer group.
 * - `recordSpansInMemory()` — for the enclosing `describe`, a real tracer provider whose finished spans are
 *   kept in memory (the returned exporter), unregistered after the last test.
 * - `FakeOpenAi` — a scripted OpenAI-compatible chat endpoint behind `fetch`, no socket: install `fake.fetch`
 *   as the global fetch before the LLM client is made, base URL `FAKE_OPENAI_BASE_URL`.
 * - `psql(sql, database?, server?)` — SQL through the `psql` client, output as text;
 *   `TemporaryDatabase.create(prefix)` — a database of its own (`.name`, `.settings`, `.url`, `.query()`,
 *   `.openSchema(schema, { migrations })`, `.drop()`).
 */
export * from './dead-letter-reader';
export * from './event-batch.fixture';
export * from './fake-openai';
export * from './in-memory-fact-source';
export * from './in-memory-tracing';
export * from './payloads';
export * from './recording-publisher';
export * from './temporary-database';
export * from './topic-reader';
