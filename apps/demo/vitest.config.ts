import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@enkash/demo',
    include: ['src/**/*.test.ts'],
    // The end-to-end suite builds the demo and runs it as a process (a few seconds a run).
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
