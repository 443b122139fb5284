import { type AuthOptions, createAuth, type EnkashAuth } from '@enkash/auth-core';
import { rewardsDefinition } from './definition.js';

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
export {
  REWARDS_MAX_TOKEN_LIFETIME_MS,
  rewardsDefinition,
  rewardsShape,
} from './definition.js';

/**
 * Options of {@link createRewardsAuth}: the core's options. `username` is the
 * registered mobile number; the Basic pair's id is usually the same as `clientId`.
 */
export type RewardsAuthOptions = AuthOptions;

/**
 * Authenticates against EnKash Rewards & Incentives. Tokens live at most
 * 5 minutes and the account locks after 3 failures: the lockout guard stops
 * at 2 by default.
 *
 * @example
 * ```ts
 * const auth = createRewardsAuth({ baseUrl, clientId, clientSecret, username: '9167019711', password });
 * const header = await auth.getAuthorizationHeader();
 * ```
 */
export function createRewardsAuth(options: RewardsAuthOptions): EnkashAuth {
  return createAuth(rewardsDefinition, options);
}
