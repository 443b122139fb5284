import { defineConfig } from 'vitest/config';

// What consumers install: the packed tarballs in projects outside the workspace, and the runtime
// matrix. Run once per `npm test` (its own step), not by the root config on every Node version:
// these tests start each Node version themselves.
export default defineConfig({
  test: {
    name: 'consumers',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./global-setup.ts'],
    // The files share two cores with the runtimes they start: one file at a time.
    fileParallelism: false,
    // Each case starts processes (npm, tsc, a runtime); their own deadlines are below these.
    testTimeout: 240_000,
    hookTimeout: 600_000,
  },
});
