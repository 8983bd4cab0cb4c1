// The JS of the page, the embed, the worker, the tests and the benchmark:
// ESLint's recommended rules, with the globals of where each file runs.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['www/pkg/', 'www/vendor/', 'www/demo/', 'node_modules/', 'target/', 'bench/data/', 'test-output/'] },
  js.configs.recommended,
  {
    files: ['www/**/*.js', 'bench/browser/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['www/worker.js'],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    files: ['tests/**/*.mjs', 'bench/*.mjs', 'scripts/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Browser tests and the benchmark driver pass functions into the page and its worker.
    files: ['tests/browser/*.mjs', 'bench/browser.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.worker } },
  },
  {
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
];
