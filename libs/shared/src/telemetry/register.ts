/**
 * Preloaded before an app (`node --require dist/libs/shared/src/telemetry/register.js
 * dist/apps/<app>/src/main.js`) so the instrumentations patch http, express,
 * kafkajs and pg before the app loads them. It runs before the app's own
 * configuration loader, hence it reads its OTEL_* settings here.
 */
import { ConfigurationError } from '../config/load-config';
import { projectVersion, serviceNameFromEntry } from './service-identity.util';
import { startTelemetry } from './telemetry-sdk';
import { loadTelemetrySettings, TelemetrySettings } from './telemetry-settings';

/** Same exit code as an app's own configuration error (sysexits EX_CONFIG). */
const EX_CONFIG = 78;

function settingsOrExit(): TelemetrySettings {
  try {
    return loadTelemetrySettings(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(EX_CONFIG);
  }
}

const settings = settingsOrExit();
startTelemetry(settings, {
  name: settings.OTEL_SERVICE_NAME ?? serviceNameFromEntry(process.argv[1]) ?? 'flowpilot',
  version: projectVersion(__dirname),
});
