import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // MUTATE_TESTS=test/answer,test/search: only those folders' tests (a mutation run on a
    // loaded machine, without the end-to-end tests' start-ups: test/README.md).
    include: process.env.MUTATE_TESTS
      ? process.env.MUTATE_TESTS.split(',').map((dir) => `${dir.trim()}/**/*.test.ts`)
      : ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Tests spawn processes and local servers; forks keep them apart.
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
