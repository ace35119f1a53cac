/**
 * The telemetry helpers apps call at run time. They use only `@opentelemetry/api`
 * (already loaded by the Kafka transport's consumer span), so they are safe to
 * export from the package root. The SDK side (`register`, `telemetry-sdk`,
 * `instrumentations`, `trace-sampler`) is deliberately left out: it must be
 * loaded by the `--require` preload before the app, never through an app import.
 */
export * from './stored-trace-context';
