export * from './tokens';
export * from './flowpilot-core.module';
export * from './run-service';
export * from './connect-envelope-consumer';
