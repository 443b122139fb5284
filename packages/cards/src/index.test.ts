import { startSandbox } from '@enkash/sandbox';
import {
  expectReadmeToShowQuickStart,
  runProductContract,
  startQuickStartSandbox,
} from '@enkash/test-kit';
import { expect, it, onTestFinished } from 'vitest';
import * as cards from './index.js';
import { CARDS_API_UAT_BASE_URL, cardsDefinition, createCardsAuth } from './index.js';

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

  // The token is handled for you: cached, shared, refreshed ahead.
  const { accessToken, expiresAt } = await auth.getToken();
  // README quick start: end

  expect(accessToken).toMatch(/\S{16,}/);
  expect(expiresAt).toBeGreaterThan(Date.now());
});

it('runs the README API call: an encrypted card load with partnerId', async () => {
  const sandbox = await startQuickStartSandbox(startSandbox, 'cards');
  process.env.ENKASH_CARDS_API_URL = sandbox.baseUrl('cards');
  onTestFinished(() => {
    delete process.env.ENKASH_CARDS_API_URL;
  });
  // README API call: begin
  const settings = {
    baseUrl: process.env.ENKASH_BASE_URL ?? 'https://ekpayout-uat.enkash.in',
    clientId: process.env.ENKASH_CLIENT_ID ?? '',
    clientSecret: process.env.ENKASH_CLIENT_SECRET ?? '',
    username: process.env.ENKASH_USERNAME ?? '',
    password: process.env.ENKASH_PASSWORD ?? '',
  };

  // Card APIs live on their own host; the sandbox serves them below its /cards path.
  const cardsApiUrl = process.env.ENKASH_CARDS_API_URL ?? CARDS_API_UAT_BASE_URL;
  const partnerId = process.env.ENKASH_PARTNER_ID; // CRXXXXXXX: every card API call needs it
  if (partnerId === undefined) throw new Error('ENKASH_PARTNER_ID is not set');

  const cards = createCardsAuth({
    ...settings,
    partnerId, // given once: sent on every call through cards.client and cards.fetch
    trustedOrigins: [new URL(cardsApiUrl).origin], // origins only: scheme, host and port
  });
  const cardApi = cards.client.extend({ prefix: cardsApiUrl });
  const loaded = await cardApi
    .post('api/v1/card/load', { json: { cardId: 'CARD000123', amount: 500 } })
    .json();
  // README API call: end

  // The sandbox echoes what it decrypted; EnKash answers with the card's new balance.
  expect(loaded).toEqual({
    method: 'POST',
    path: '/cards/api/v1/card/load',
    received: { cardId: 'CARD000123', amount: 500 },
  });
  const call = sandbox.requests('cards').at(-1);
  expect(call).toMatchObject({ endpoint: 'api', outcome: 'ok' });
  expect(call?.headers.partnerid).toBe('CR0000001');
  expect(sandbox.requests('cards')[0]?.headers.partnerid).toBeUndefined();
  await expectReadmeToShowQuickStart(import.meta.filename, 'API call');
});

runProductContract(cardsDefinition, createCardsAuth, {
  productExports: cards,
  startSandbox,
  shapes: ['snake_case', 'camelCase'],
  productOptions: { cookie: '_cfuvid=contract-cookie; JSESSIONID=contract-session' },
});
