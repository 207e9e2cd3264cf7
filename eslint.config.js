import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/', '.wxt/', '.tools/', '.cache/', 'node_modules/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', window: 'readonly', document: 'readonly', URL: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tests read JSON documents and driver results whose shapes they assert themselves.
    files: ['tests/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The unit project's WxtVitest plugin makes `wxt/browser` and the `browser`/`chrome` globals WXT's fakeBrowser
    // before any test file loads; a hand-made stand-in would test against something else.
    files: ['tests/unit/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='vi'][callee.property.name=/^(mock|doMock)$/][arguments.0.value=/^(wxt\\/browser|webextension-polyfill|@wxt-dev\\/webextension-polyfill)/]",
          message: 'Use fakeBrowser from wxt/testing/fake-browser (set up by WxtVitest in vitest.config.ts).',
        },
        {
          selector: "CallExpression[callee.object.name='vi'][callee.property.name='stubGlobal'][arguments.0.value=/^(browser|chrome)$/]",
          message: 'Use fakeBrowser from wxt/testing/fake-browser (set up by WxtVitest in vitest.config.ts).',
        },
      ],
    },
  },
  {
    // The core must run in Node and in every extension context: no browser extension APIs in lib/.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'browser', message: 'lib/ is pure: browser APIs belong in entrypoints/.' }, { name: 'chrome', message: 'lib/ is pure: browser APIs belong in entrypoints/.' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'wxt/browser', message: 'lib/ is pure.' }], patterns: ['wxt/*', 'webextension-polyfill'] }],
    },
  },
);
