import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // web/: the web app's unit tests and its browser tests (web/e2e, in Chromium).
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'web/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['src/platform/test-support/global-setup.ts', 'web/e2e/global-setup.ts'],
    // Generous: command-line tests start child processes, which a busy 2-core machine slows down.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // SQLite files and PostgreSQL schemas are per test file, so files can run in parallel.
    pool: 'forks',
    reporters: ['default'],
  },
});
