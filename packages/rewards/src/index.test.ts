import { startSandbox } from '@enkash/sandbox';
import {
  expectReadmeToShowQuickStart,
  runProductContract,
  startQuickStartSandbox,
} from '@enkash/test-kit';
import { expect, it } from 'vitest';
import * as rewards from './index.js';
import { createRewardsAuth, REWARDS_MAX_TOKEN_LIFETIME_MS, rewardsDefinition } from './index.js';

it('runs the README quick start', async () => {
  await startQuickStartSandbox(startSandbox, 'rewards');

  // README quick start: begin
  const { ENKASH_BASE_URL, ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET } = process.env;
  const auth = createRewardsAuth({
    baseUrl: `${ENKASH_BASE_URL}`,
    clientId: `${ENKASH_CLIENT_ID}`, // also the Basic pair's id
    clientSecret: `${ENKASH_CLIENT_SECRET}`,
    username: `${process.env.ENKASH_USERNAME}`, // the registered mobile number
    password: `${process.env.ENKASH_PASSWORD}`,
  });

  // Tokens live 5 minutes at most; every caller shares one, refreshed ahead.
  const authorization = await auth.getAuthorizationHeader();
  // README quick start: end

  expect(authorization).toMatch(/^Bearer \S{16,}$/);
  const token = await auth.getToken();
  expect(token.expiresAt - Date.now()).toBeLessThanOrEqual(REWARDS_MAX_TOKEN_LIFETIME_MS);
});

it('runs the README API call: an encrypted coin allocation', async () => {
  const sandbox = await startQuickStartSandbox(startSandbox, 'rewards');
  // README API call: begin
  const auth = createRewardsAuth({
    baseUrl: `${process.env.ENKASH_BASE_URL}`,
    clientId: `${process.env.ENKASH_CLIENT_ID}`,
    clientSecret: `${process.env.ENKASH_CLIENT_SECRET}`,
    username: `${process.env.ENKASH_USERNAME}`,
    password: `${process.env.ENKASH_PASSWORD}`,
  });

  // Sent as {"request": "<AES ciphertext>"}; the answer comes back decrypted.
  const allocation = await auth.client
    .post('api/v1/coins/allocate', {
      json: { mobileNumber: '9000000002', coins: 250, referenceId: 'ORDER-1001' },
    })
    .json();
  // README API call: end

  // The sandbox echoes what it decrypted; EnKash answers with the allocation.
  expect(allocation).toEqual({
    method: 'POST',
    path: '/rewards/api/v1/coins/allocate',
    received: { mobileNumber: '9000000002', coins: 250, referenceId: 'ORDER-1001' },
  });
  expect(sandbox.requests('rewards').at(-1)).toMatchObject({ endpoint: 'api', outcome: 'ok' });
  await expectReadmeToShowQuickStart(import.meta.filename, 'API call');
});

runProductContract(rewardsDefinition, createRewardsAuth, {
  productExports: rewards,
  startSandbox,
  shapes: ['snake_case'],
  alsoRequired: ['token_type', 'refresh_token', 'scope'],
});
