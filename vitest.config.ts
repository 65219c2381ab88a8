import { defineConfig } from 'vitest/config'

// chDB crashes under worker threads and locks one data directory per process: run each
// test file in its own forked process. A polled condition (a page updating after a re-score, a
// worker finding a write) gets 5 s, not vitest's 1 s: on 2 cores under the full suite's load a
// browser round trip plus a scoring pass can take longer than 1 s. Still failing if never true.
const shared = { pool: 'forks' as const, testTimeout: 60_000, hookTimeout: 120_000, expect: { poll: { timeout: 5_000 } } }

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      // The fast tier: pure tests (no engine, no browser, no server), `npm run test:unit`, seconds.
      { test: { ...shared, name: 'unit', include: ['test/**/*.unit.test.ts'] } },
      { test: { ...shared, name: 'main', include: ['test/**/*.test.ts'], exclude: ['test/hostile/**', 'test/**/*.unit.test.ts'] } },
      // The hostile-input suites assert that /healthz answers within 100 ms while they run: they run
      // last, one file at a time, so their bound measures the server and not a neighbour's Chromium.
      { test: { ...shared, name: 'hostile', include: ['test/hostile/**/*.test.ts'], maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
})
