export * from '@enkash/auth-core/product-exports';

import { type AuthOptions, createAuth, type EnkashAuth } from '@enkash/auth-core';
import { rewardsDefinition } from './definition.js';

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
