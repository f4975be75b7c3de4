import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Tests spawn processes and local servers; forks keep them apart.
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
