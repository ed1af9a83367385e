// Type-aware lint: floating promises and non-exhaustive switches are bugs in a server that
// must answer every RPC exactly once.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** `../../<lib>/src/<file>` (or `../libs/<lib>/src/<file>`) for any file but offline. */
const LIB_INTERNALS = {
  regex: '^(\\.\\./)+(libs/)?[a-z-]+/src/(?!offline$).+',
  message: 'import another lib through its index (or offline) entry, not its files',
};
const LIB_INTERNALS_BUT_HARNESSES = '^(\\.\\./)+(libs/)?[a-z-]+/src/(?!offline$)(?!.*harness$).+';
/**
 * Another lib's entity: its table is that lib's to query (docs/architecture.md, "One owner per
 * fact"); call its exported store or service, or read its `*Record` type.
 */
const LIB_ENTITIES = {
  regex: '^(\\.\\./)+(libs/)?[a-z-]+/src$',
  importNamePattern: 'Entity$',
  message: "another lib's entity: call the lib that owns the table (its store or service)",
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'libs/grpc/src/generated/**',
      '**/*.mjs',
      'bin/tensorcast',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: [
                'test',
                'describe',
                'it',
                'before',
                'after',
                'beforeEach',
                'afterEach',
                'suite',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Nest handlers are async by contract even when a given one does not await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // Each lib is entered through its index.ts (and, for tools that run without the server,
    // its offline.ts): nothing reaches past them into another lib's files, and no lib takes
    // another's entities (table-ownership.spec.ts also checks the SQL text).
    rules: {
      'no-restricted-imports': ['error', { patterns: [LIB_INTERNALS, LIB_ENTITIES] }],
    },
  },
  {
    // Tests and benchmarks may also use another lib's test harness (never part of the server).
    files: [
      '**/*.spec.ts',
      '**/*.harness.ts',
      '**/*.spec-harness.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ ...LIB_INTERNALS, regex: LIB_INTERNALS_BUT_HARNESSES }] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests read proto-loader responses field by field.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The dashboard's browser script: plain JS served as a file (no build step), so it is
    // linted without type information, against the browser globals it uses.
    files: ['libs/dashboard/assets/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        DOMParser: 'readonly',
      },
    },
  },
);
