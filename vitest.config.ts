import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['src/platform/test-support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // SQLite files and PostgreSQL schemas are per test file, so files can run in parallel.
    pool: 'forks',
    reporters: ['default'],
  },
});
