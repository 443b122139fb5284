export * from '@enkash/auth-core/product-exports';

import { type AuthOptions, createAuth, type EnkashAuth } from '@enkash/auth-core';
import { expenseDefinition } from './definition.js';

export {
  expenseDefinition,
  expenseSchema,
  expenseShape,
} from './definition.js';

/** Expense management UAT host. */
export const EXPENSE_UAT_BASE_URL = 'https://ekpayout-uat.enkash.in';

/** Options of {@link createExpenseAuth}. */
export interface ExpenseAuthOptions extends AuthOptions {
  /** Sent as the `API-Key` header: the key EnKash issued at registration. */
  apiKey?: string | undefined;
}

/**
 * Authenticates against EnKash Expense Management. `clientId` and
 * `clientSecret` form the Basic pair only; the body carries no clientId.
 *
 * @example
 * ```ts
 * const auth = createExpenseAuth({ baseUrl: EXPENSE_UAT_BASE_URL, clientId, clientSecret, username, password, apiKey });
 * const response = await auth.fetch('api/v1/expenses');
 * ```
 */
export function createExpenseAuth(options: ExpenseAuthOptions): EnkashAuth {
  return createAuth(expenseDefinition, options);
}
