import type { UserWorkspaceConfig } from 'vitest/config';
import type { InlineConfig } from 'vitest/node';

// Coverage is a root option: it counts when vitest runs inside the package
// (`vitest run --coverage`), where the package's config is the root one.
type TestOptions = NonNullable<UserWorkspaceConfig['test']> & Pick<InlineConfig, 'coverage'>;
type Thresholds = { lines: number; statements: number; functions: number; branches: number };

/**
 * The test setup of a package whose tests sit beside its code in `src/`
 * (`x.test.ts`, type tests `x.test-d.ts`), with v8 coverage of everything
 * else in `src/` but benchmarks and `src/test-support/`. A package's own
 * `vitest.config.ts` passes it to `defineProject`; a package's turbo.json
 * lists this file among the `test` inputs.
 */
export function packageTestOptions(options: {
  /** The vitest project name. */
  name: string;
  /** Coverage below these percentages fails `vitest run --coverage`. */
  thresholds: Thresholds;
  /** Further source files left out of coverage, each with a comment saying why. */
  coverageExclude?: readonly string[];
}): TestOptions {
  return {
    name: options.name,
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
        ...(options.coverageExclude ?? []),
      ],
      thresholds: options.thresholds,
    },
  };
}
