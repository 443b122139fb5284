import { startSandbox } from '@enkash/sandbox';
import {
  expectReadmeToShowQuickStart,
  runProductContract,
  startQuickStartSandbox,
} from '@enkash/test-kit';
import { expect, it } from 'vitest';
import * as payouts from './index.js';
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

it('runs the README API call: an encrypted beneficiary create and a balance read', async () => {
  const sandbox = await startQuickStartSandbox(startSandbox, 'payouts');
  // README API call: begin
  const auth = createPayoutsAuth({
    baseUrl: process.env.ENKASH_BASE_URL ?? PAYOUTS_UAT_BASE_URL,
    clientId: process.env.ENKASH_CLIENT_ID ?? '',
    clientSecret: process.env.ENKASH_CLIENT_SECRET ?? '',
    username: process.env.ENKASH_USERNAME ?? '',
    password: process.env.ENKASH_PASSWORD ?? '',
  });

  // Sent as {"request": "<AES ciphertext>"}; the answer comes back decrypted.
  const beneficiary = await auth.client
    .post('api/v1/beneficiary', {
      json: {
        beneficiaryName: 'Asha Rao',
        accountNumber: '000111222333',
        ifsc: 'HDFC0001234',
        email: 'asha@example.com',
      },
    })
    .json();
  const balance = await auth.client.get('api/v1/balance').json();
  // README API call: end

  // The sandbox echoes what it decrypted; EnKash answers with the beneficiary and the balance.
  expect(beneficiary).toEqual({
    method: 'POST',
    path: '/payouts/api/v1/beneficiary',
    received: {
      beneficiaryName: 'Asha Rao',
      accountNumber: '000111222333',
      ifsc: 'HDFC0001234',
      email: 'asha@example.com',
    },
  });
  expect(balance).toEqual({ method: 'GET', path: '/payouts/api/v1/balance', received: null });
  expect(sandbox.requests('payouts').map((entry) => [entry.endpoint, entry.outcome])).toEqual([
    ['token', 'issued'],
    ['api', 'ok'],
    ['api', 'ok'],
  ]);
  await expectReadmeToShowQuickStart(import.meta.filename, 'API call');
});

runProductContract(payoutsDefinition, createPayoutsAuth, {
  productExports: payouts,
  startSandbox,
  shapes: ['camelCase', 'snake_case'],
});
