import type * as v from 'valibot';
import { expectTypeOf, test } from 'vitest';
import {
  createExpenseAuth,
  type EnkashAuth,
  type ExpenseAuthOptions,
  type expenseSchema,
} from './index.js';

test('createExpenseAuth takes an optional apiKey, and its schema types the documented body', () => {
  expectTypeOf(createExpenseAuth).parameter(0).toEqualTypeOf<ExpenseAuthOptions>();
  expectTypeOf<ExpenseAuthOptions['apiKey']>().toEqualTypeOf<string | undefined>();
  expectTypeOf<v.InferOutput<typeof expenseSchema>>().toEqualTypeOf<{
    resultCode: number;
    resultMessage?: string | null | undefined;
    token?: string | null | undefined;
    expiry?: number | null | undefined;
  }>();
});

test('apiKey accepts undefined, as under exactOptionalPropertyTypes', () => {
  const auth = createExpenseAuth({
    baseUrl: 'https://ekpayout-uat.enkash.in',
    clientId: 'id',
    clientSecret: 'secret',
    username: 'user@example.com',
    password: 'password',
    apiKey: process.env.ENKASH_API_KEY,
  });
  expectTypeOf(auth).toEqualTypeOf<EnkashAuth>();
});
