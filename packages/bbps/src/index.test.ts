import { startSandbox } from '@enkash/sandbox';
import { runProductContract, startQuickStartSandbox } from '@enkash/test-kit';
import { expect, it } from 'vitest';
import * as bbps from './index.js';
import { bbpsDefinition, createBbpsAuth } from './index.js';

it('runs the README quick start', async () => {
  const sandbox = await startQuickStartSandbox(startSandbox, 'bbps');

  // README quick start: begin
  const environment = process.env;
  const auth = createBbpsAuth({
    baseUrl: String(environment.ENKASH_BASE_URL), // the host EnKash gave you
    clientId: String(environment.ENKASH_CLIENT_ID),
    clientSecret: String(environment.ENKASH_CLIENT_SECRET),
    username: String(environment.ENKASH_USERNAME),
    password: String(environment.ENKASH_PASSWORD),
  });

  // Plain fetch with the bearer token attached; relative paths resolve against baseUrl.
  const response = await auth.fetch('api/ping');
  console.log(await response.json());
  // README quick start: end

  expect(response.ok).toBe(true);
  expect(sandbox.counters('bbps').issued).toBe(1);
});

runProductContract(bbpsDefinition, createBbpsAuth, {
  productExports: bbps,
  startSandbox,
  shapes: ['camelCase', 'snake_case'],
});
