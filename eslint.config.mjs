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
const forbiddenPatterns = [
  '@elastic/*',
  '@aws-sdk/*',
  ...['activities', 'adapters', 'config', 'client', 'services', 'cli', 'api'].map((folder) => `**/${folder}/*`),
];
const message =
  'Workflow code must stay deterministic: no Node built-ins, clients or activity code (use `import type`).';

// The direction of dependencies (docs/contributing.md, "Layout"): entry points (cli, api, workers)
// → use cases (client side: client/; worker side: activities/, services/) → domain/ and adapters/.
const never = (folders, message) => ({ group: folders.map((folder) => `**/${folder}/**`), message });
const importDirections = [
  {
    files: ['domain/**/*.ts'],
    patterns: [{ group: ['../**'], message: 'domain/ imports nothing of the project outside domain/.' }],
  },
  {
    files: ['adapters/**/*.ts'],
    patterns: [
      never(
        ['services', 'client', 'workflows', 'activities', 'cli', 'api', 'workers', 'simulator'],
        'adapters/ talk to the outside world for the layers above; they import only domain/, config/ and contracts/.',
      ),
    ],
  },
  {
    files: ['services/**/*.ts'],
    patterns: [
      never(
        ['client', 'workflows', 'activities', 'cli', 'api', 'workers'],
        'services/ are use cases over the stores: they never start workflows (the ShowSignals port does).',
      ),
    ],
  },
  {
    files: ['activities/**/*.ts'],
    patterns: [
      never(
        ['client', 'workflows', 'cli', 'api', 'workers'],
        'activities/ are the worker side: they never import the client side or workflow code.',
      ),
    ],
  },
  {
    files: ['client/**/*.ts'],
    patterns: [
      never(['activities', 'services', 'cli', 'api', 'workers'], 'client/ starts, signals and queries workflows only.'),
    ],
  },
  {
    files: ['cli/commands/*.ts'],
    patterns: [{ group: ['./*'], message: 'A command file never imports another command file: share through cli/.' }],
  },
];

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
  ...importDirections.map(({ files, patterns }) => ({
    files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  })),
  {
    files: ['activities/*.ts'],
    rules: { 'max-lines': ['error', { max: 80 }] },
  },
  {
    files: ['api/**/*.ts', 'api/dashboard/*.js'],
    rules: { 'max-lines': ['error', { max: 200 }] },
  },
  {
    files: ['bin/*.js', 'native/*.js'],
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
