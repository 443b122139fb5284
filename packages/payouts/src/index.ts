import { type AuthOptions, createAuth, type EnkashAuth } from '@enkash/auth-core';
import { payoutsDefinition } from './definition.js';

// Named, not `export *`: the factory's own surface, the error and codes to match on (and ky's
// `HTTPError` for API answers, which pnpm projects cannot import from ky), the payload helpers,
// the store to share between tenants, and the core types an application writes down.
// Everything else stays in the core.
export {
  type AccessToken,
  type AuthStatus,
  type CredentialProvider,
  createMemoryStore,
  decryptPayload,
  type EnkashAuth,
  EnkashAuthError,
  type EnkashAuthErrorCode,
  type EnkashAuthEvents,
  ERROR_CODES,
  encryptPayload,
  type GetTokenOptions,
  HTTPError,
  isHTTPError,
  type TokenStore,
} from '@enkash/auth-core';
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
