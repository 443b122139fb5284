import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'auth-core',
    include: ['src/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: [
        'src/**/*.test.ts',
        'src/**/*.test-d.ts',
        'src/**/*.bench.ts',
        'src/test-support/**',
        // Suites for the product packages: they run (and are covered) there.
        'src/testing/product-contract.ts',
        'src/testing/readme-quick-start.ts',
      ],
      thresholds: { lines: 95, statements: 95, functions: 95, branches: 90 },
    },
  },
});
