import { startSandbox } from '@enkash/sandbox';
import { runProductContract, startQuickStartSandbox } from '@enkash/test-kit';
import { expect, it } from 'vitest';
import * as expense from './index.js';
import { createExpenseAuth, expenseDefinition } from './index.js';

it('runs the README quick start', async () => {
  const sandbox = await startQuickStartSandbox(startSandbox, 'expense');

  // README quick start: begin
  const read = (name: string) => process.env[`ENKASH_${name}`] ?? '';
  const auth = createExpenseAuth({
    baseUrl: read('BASE_URL'),
    clientId: read('CLIENT_ID'), // feeds only the Basic pair: no clientId in the body
    clientSecret: read('CLIENT_SECRET'),
    username: read('USERNAME'),
    password: read('PASSWORD'),
    apiKey: read('API_KEY'), // sent as the API-Key header
  });

  const response = await auth.client.get('api/ping').json();
  // README quick start: end

  expect(response).toEqual({ ok: true, product: 'expense' });
  expect(sandbox.requests('expense')[0]?.headers['api-key']).toBe('[redacted]');
});

it('refuses a resultCode other than 200 under HTTP 200 as REJECTED', async () => {
  const sandbox = await startSandbox();
  const user = sandbox.users.expense;
  const auth = createExpenseAuth({
    baseUrl: sandbox.baseUrl('expense'),
    ...user,
    password: 'wrong',
  });
  try {
    await expect(auth.getToken()).rejects.toMatchObject({
      code: 'REJECTED',
      status: 200,
      details: { resultCode: 401 },
    });
  } finally {
    await sandbox.close();
  }
});

runProductContract(expenseDefinition, createExpenseAuth, {
  productExports: expense,
  startSandbox,
  shapes: ['expense', 'snake_case'],
  productOptions: { apiKey: 'sandbox-expense-api-key' },
});
