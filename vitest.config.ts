import { defineConfig } from 'vitest/config';

// One run covers every package; each package may add its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'apps/*',
      {
        // Repository tooling: release policy and packaging rules.
        test: {
          name: 'scripts',
          include: ['scripts/**/*.test.ts'],
          // Run once by its own step of `npm test` (scripts/consumers/vitest.config.ts).
          exclude: ['**/node_modules/**', 'scripts/consumers/**'],
          environment: 'node',
        },
      },
    ],
  },
});
