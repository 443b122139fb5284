import { startSandbox } from '@enkash/sandbox';
import { runProductContract, startQuickStartSandbox } from '@enkash/test-kit';
import { expect, it } from 'vitest';
import { cardsDefinition, createCardsAuth } from './index.js';

it('runs the README quick start', async () => {
  await startQuickStartSandbox(startSandbox, 'cards');

  // README quick start: begin
  const settings = {
    baseUrl: process.env.ENKASH_BASE_URL ?? 'https://ekpayout-uat.enkash.in',
    clientId: process.env.ENKASH_CLIENT_ID ?? '', // your company id
    clientSecret: process.env.ENKASH_CLIENT_SECRET ?? '',
    username: process.env.ENKASH_USERNAME ?? '', // the registered mobile number
    password: process.env.ENKASH_PASSWORD ?? '',
  };
  const auth = createCardsAuth(settings);

  // Card APIs also need your partnerId header; the token is handled for you.
  const { accessToken, expiresAt } = await auth.getToken();
  // README quick start: end

  expect(accessToken).toMatch(/\S{16,}/);
  expect(expiresAt).toBeGreaterThan(Date.now());
});

runProductContract(cardsDefinition, createCardsAuth, {
  startSandbox,
  shapes: ['snake_case', 'camelCase'],
  productOptions: { cookie: '_cfuvid=contract-cookie; JSESSIONID=contract-session' },
});
