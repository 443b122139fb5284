import { startSandbox } from '@enkash/sandbox';
import { runProductContract, startQuickStartSandbox } from '@enkash/test-kit';
import { expect, it } from 'vitest';
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

runProductContract(rewardsDefinition, createRewardsAuth, {
  startSandbox,
  shapes: ['snake_case'],
  alsoRequired: ['token_type', 'refresh_token', 'scope'],
});
