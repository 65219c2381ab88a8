import { defineConfig } from 'vitest/config'

// chDB crashes under worker threads and locks one data directory per process: run each
// test file in its own forked process.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
