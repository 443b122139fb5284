export * from '@enkash/auth-core/product-exports';

import { type AuthOptions, createAuth, type EnkashAuth } from '@enkash/auth-core';
import { payoutsDefinition } from './definition.js';

export { payoutsDefinition } from './definition.js';

/** Payouts UAT (test) host. */
export const PAYOUTS_UAT_BASE_URL = 'https://ekpayout-uat.enkash.in';
/** Payouts live host. */
export const PAYOUTS_LIVE_BASE_URL = 'https://api.enkash.in';

/** Options of {@link createPayoutsAuth}: the core's options, nothing product-specific. */
export type PayoutsAuthOptions = AuthOptions;

/**
 * Authenticates against EnKash Payouts: cached, single-flight, refreshed ahead.
 *
 * @example
 * ```ts
 * const auth = createPayoutsAuth({ baseUrl: PAYOUTS_UAT_BASE_URL, clientId, clientSecret, username, password });
 * const response = await auth.client.get('api/v1/balance');
 * ```
 */
export function createPayoutsAuth(options: PayoutsAuthOptions): EnkashAuth {
  return createAuth(payoutsDefinition, options);
}
