// One lint setup for the whole monorepo. `process.env` is read only by the
// shared configuration loader, so settings are validated in one place.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

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
  {
    // The tracing preload starts before any app's configuration loader, so it reads its own OTEL_* settings.
    files: ['libs/shared/src/telemetry/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
