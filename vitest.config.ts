import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests, tests against real contracts on anvil, and browser e2e against the
// built extension in Debian Chromium. Chain and e2e files start their own anvil (one per file/worker).
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: { '@': new URL('.', import.meta.url).pathname } },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // WXT's content script context reads `import.meta.env`, which only exists in modules Vite transforms.
          server: { deps: { inline: [/wxt\/dist\/utils\//] } },
        },
      },
      {
        resolve: { alias: { '@': new URL('.', import.meta.url).pathname } },
        test: {
          name: 'chain',
          include: ['tests/chain/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve: { alias: { '@': new URL('.', import.meta.url).pathname } },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
