import { defineProject } from 'vitest/config';
import { packageTestOptions } from '../../vitest.shared.js';

export default defineProject({
  test: packageTestOptions({
    name: 'auth-otel',
    thresholds: { lines: 90, statements: 90, functions: 90, branches: 85 },
  }),
});
