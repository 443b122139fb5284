import { type AuthOptions, createAuth, type EnkashAuth } from '@enkash/auth-core';
import { bbpsDefinition } from './definition.js';

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
export { bbpsDefinition } from './definition.js';

/**
 * Options of {@link createBbpsAuth}: the core's options, nothing product-specific.
 * EnKash publishes no BBPS host (its sample uses a placeholder): pass the one
 * your EnKash contact gave you as `baseUrl`.
 */
export type BbpsAuthOptions = AuthOptions;

/**
 * Authenticates against EnKash Bharat Connect (BBPS) bill payments.
 *
 * @example
 * ```ts
 * const auth = createBbpsAuth({ baseUrl, clientId, clientSecret, username, password });
 * const billers = await auth.client.get('api/v1/billers').json();
 * ```
 */
export function createBbpsAuth(options: BbpsAuthOptions): EnkashAuth {
  return createAuth(bbpsDefinition, options);
}
