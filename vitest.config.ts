import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Physics suites run long simulations; worker and browser suites start real processes.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Builds the browser viewer (when stale) and unpacks headless Chromium once per run.
    globalSetup: ['tests/render/viewer-global-setup.ts'],
  },
});
