import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Tests spawn the built CLI and local servers; two cores, so keep forks modest.
    pool: 'forks',
  },
});
