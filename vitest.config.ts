import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Three projects: pure unit tests, tests against real contracts on anvil, and browser e2e against the
// built extension in Debian Chromium. Chain and e2e files start their own anvil (one per file/worker).
export default defineConfig({
  test: {
    projects: [
      {
        // WXT's plugin: `wxt/browser` and the `browser`/`chrome` globals are its in-memory fakeBrowser
        // (reset it per test with `fakeBrowser.reset()`), plus the `@/` paths and build globals of wxt.config.ts.
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          // tests/unit mirrors the source tree (tests/unit/lib/risk/chance.test.ts tests lib/risk/chance.ts);
          // tests/unit/vitest.config.test.ts fails when a test file sits outside the mirror.
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
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
