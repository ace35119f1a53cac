// Three projects: unit tests run anywhere; integration and e2e tests need the
// real stack (scripts/stack.sh) and run in band.
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: {
    '^@flowpilot/shared$': '<rootDir>/libs/shared/src',
    '^@flowpilot/shared/(.*)$': '<rootDir>/libs/shared/src/$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.stack'],
};

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
    },
    // Deployment artefacts (chart, alert rules, dashboards, compose) checked with real Helm and promtool.
    { ...base, displayName: 'deploy', testMatch: ['<rootDir>/test/deploy/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      // test/integration: suites that run several apps together in one process (no app imports another).
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts', '<rootDir>/test/integration/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts', '<rootDir>/test/deploy/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    // Fault injection on a private stack of its own (kills Kafka, Camunda, PostgreSQL); run in band.
    {
      ...base,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'],
      globalSetup: '<rootDir>/test/faults/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/faults/support/global-teardown.ts',
    },
    // The same checks against every flavour of a mixed fleet (FLEET=mixed scripts/stack.sh up); run in band.
    {
      ...base,
      displayName: 'fleet',
      testMatch: ['<rootDir>/test/fleet/**/*.fleet-spec.ts'],
      globalSetup: '<rootDir>/test/fleet/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/fleet/support/global-teardown.ts',
    },
    // Suites that write garbage or made-up events into topics, on a private Kafka of their own; run in band.
    {
      ...base,
      displayName: 'isolated',
      testMatch: ['<rootDir>/test/isolated/**/*.isolated-spec.ts'],
      globalSetup: '<rootDir>/test/isolated/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/isolated/support/global-teardown.ts',
    },
  ],
};
