import { defineProject } from 'vitest/config';
import { packageTestOptions } from '../../vitest.shared.js';

export default defineProject({
  test: packageTestOptions({
    name: 'auth-core',
    thresholds: { lines: 95, statements: 95, functions: 95, branches: 90 },
  }),
});
