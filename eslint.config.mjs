// One lint setup for the whole monorepo. `process.env` is read only by the
// shared configuration loader, so settings are validated in one place.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const APPS = ['analyzer', 'bpmn-generator', 'collector', 'gateway', 'incident-ai', 'workers'];

/**
 * Import boundaries, as `no-restricted-imports` pattern groups (gitignore globs on the import text, so a
 * relative path is caught by the folder names it passes through):
 * - an app never imports another app, by relative path or alias: what apps share lives in libs/shared;
 * - a unit spec never imports the end-to-end support under the root test/ (processes, the real stack);
 * - production code never imports the test kit.
 */
const otherApps = (app) => ({
  group: APPS.filter((other) => other !== app).flatMap((other) => [
    `**/apps/${other}`,
    `**/apps/${other}/**`,
    `**/${other}/src`,
    `**/${other}/src/**`,
    `**/${other}/test/**`,
    `@flowpilot/${other}`,
    `@flowpilot/${other}/**`,
  ]),
  message: 'An app does not import another app: move what both need to libs/shared.',
});
const rootTest = {
  group: [
    '**/test/support',
    ...['support', 'fixtures', 'e2e', 'deploy', 'faults', 'fleet', 'isolated'].map(
      (dir) => `**/test/${dir}/**`,
    ),
  ],
  message:
    'Unit specs do not import test/ (it drives processes and the real stack): use @flowpilot/shared/testing.',
};
const testKit = {
  group: ['@flowpilot/shared/testing', '@flowpilot/shared/testing/**'],
  message: 'The test kit is for tests only.',
};
const restrictImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.stack/**',
      'node_modules/**',
      'coverage/**',
      'test-output/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings through the app configuration (libs/shared/src/config).',
        },
      ],
    },
  },
  {
    files: [
      'libs/shared/src/config/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  ...APPS.flatMap((app) => [
    { files: [`apps/${app}/**/*.ts`], rules: restrictImports(otherApps(app), testKit) },
    {
      files: [`apps/${app}/**/*.int-spec.ts`, `apps/${app}/test/**/*.ts`],
      rules: restrictImports(otherApps(app)),
    },
    { files: [`apps/${app}/**/*.spec.ts`], rules: restrictImports(otherApps(app), rootTest) },
  ]),
  {
    files: ['libs/**/*.ts'],
    ignores: [...TEST_FILES, 'libs/shared/src/testing/**'],
    rules: restrictImports({ ...testKit, group: [...testKit.group, '**/testing', '**/testing/**'] }),
  },
  { files: ['libs/**/*.spec.ts'], rules: restrictImports(rootTest) },
  {
    // The tracing preload starts before any app's configuration loader, so it reads its own OTEL_* settings.
    files: ['libs/shared/src/telemetry/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
