import { startSandbox } from '@enkash/sandbox';
import { runProductContract, startQuickStartSandbox } from '@enkash/test-kit';
import { expect, it } from 'vitest';
import { createPayoutsAuth, PAYOUTS_UAT_BASE_URL, payoutsDefinition } from './index.js';

it('runs the README quick start', async () => {
  const sandbox = await startQuickStartSandbox(startSandbox, 'payouts');

  // README quick start: begin
  const auth = createPayoutsAuth({
    baseUrl: process.env.ENKASH_BASE_URL ?? PAYOUTS_UAT_BASE_URL,
    clientId: process.env.ENKASH_CLIENT_ID ?? '',
    clientSecret: process.env.ENKASH_CLIENT_SECRET ?? '',
    username: process.env.ENKASH_USERNAME ?? '', // the registered e-mail
    password: process.env.ENKASH_PASSWORD ?? '',
  });

  // The bearer token is attached, cached and refreshed ahead of expiry.
  const response = await auth.client.get('api/ping');
  console.log(response.status); // 200
  // README quick start: end

  expect(response.status).toBe(200);
  expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 1, pings: 1 });
});

runProductContract(payoutsDefinition, createPayoutsAuth, {
  startSandbox,
  shapes: ['camelCase'],
});
