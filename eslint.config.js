// Lint configuration: type-aware rules for the server, the web app, tests and benchmarks.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'web/dist/**',
      'coverage/**',
      'tijori-data/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through the config module only.' },
      ],
      eqeqeq: ['error', 'always'],
      // Async implementations of promise-returning interfaces turn throws into rejections.
      '@typescript-eslint/require-await': 'off',
      // Log messages are constant text; data goes in the object argument, where it is redacted by key.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(trace|debug|info|warn|error|fatal)$/][callee.object.name=/^(log|logger)$/] > TemplateLiteral[expressions.length>0]',
          message: 'Log messages must be constant; put values in the object argument.',
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(trace|debug|info|warn|error|fatal)$/][callee.object.property.name=/^(log|logger)$/] > TemplateLiteral[expressions.length>0]',
          message: 'Log messages must be constant; put values in the object argument.',
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(trace|debug|info|warn|error|fatal)$/][callee.object.property.name=/^(log|logger)$/] > BinaryExpression[operator="+"]',
          message: 'Log messages must be constant; put values in the object argument.',
        },
      ],
    },
  },
  {
    // The browser app: browser globals, React hook rules, its own tsconfig (DOM, JSX).
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Event handlers may return promises; React ignores the value.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: [
      'src/config/**',
      'test/**',
      'bench/**',
      'vitest.config.ts',
      'src/cli/bin.ts',
      'web/vite.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Product code never ships test tooling; test helpers live in test/support.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vitest', message: 'Test code belongs in *.test.ts files or test/support.' }] },
      ],
    },
  },
  {
    // The shared kernel is what every module imports; it imports no capability and not http/.
    files: ['src/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vitest', message: 'Test code belongs in test/support.' }],
          patterns: [
            {
              group: ['**/modules/**', '**/http/**', '**/cli/**'],
              message: 'The kernel imports no capability.',
            },
          ],
        },
      ],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  // Plain-JavaScript scripts that run before anything is compiled (npm start's build check).
  {
    files: ['scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-restricted-properties': 'off' },
  },
);
