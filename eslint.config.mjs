import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Workflow code is replayed deterministically inside Temporal's sandbox: it may not touch Node
// built-ins, I/O clients or activity implementations (types only, through `import type`).
const forbiddenModules = [
  ...builtinModules.flatMap((name) => [name, `node:${name}`]),
  'googleapis',
  'express',
  'pino',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];
const forbiddenPatterns = ['@elastic/*', '@aws-sdk/*', '**/activities/*', '**/adapters/*', '**/config/*'];
const message =
  'Workflow code must stay deterministic: no Node built-ins, clients or activity code (use `import type`).';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.stack/', '.buzz/', 'coverage/', 'test-results/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['api/dashboard/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, Chart: 'readonly' } },
  },
  {
    files: ['bin/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['workflows/**/*.ts', 'contracts/**/*.ts', 'test/**/workflows/**/*.ts', 'test/**/*-workflow.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: forbiddenModules.map((name) => ({ name, allowTypeImports: true, message })),
          patterns: [{ group: forbiddenPatterns, allowTypeImports: true, message }],
        },
      ],
    },
  },
);
