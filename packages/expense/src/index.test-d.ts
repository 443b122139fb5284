import type * as v from 'valibot';
import { expectTypeOf, test } from 'vitest';
import {
  createExpenseAuth,
  type ExpenseAuthOptions,
  type expenseTokenResponseSchema,
} from './index.js';

test('createExpenseAuth takes an optional apiKey, and its schema types the documented body', () => {
  expectTypeOf(createExpenseAuth).parameter(0).toEqualTypeOf<ExpenseAuthOptions>();
  expectTypeOf<ExpenseAuthOptions['apiKey']>().toEqualTypeOf<string | undefined>();
  expectTypeOf<v.InferOutput<typeof expenseTokenResponseSchema>>().toEqualTypeOf<{
    resultCode: number;
    resultMessage?: string | undefined;
    token?: string | undefined;
    expiry?: number | undefined;
  }>();
});
