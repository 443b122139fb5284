export * from '@enkash/auth-core/product-exports';

import { type AuthOptions, createAuth, type EnkashAuth } from '@enkash/auth-core';
import { cardsDefinition } from './definition.js';

export { cardsDefinition } from './definition.js';

/** UAT host of the cards token endpoint, as the cards token page shows it. */
export const CARDS_TOKEN_UAT_BASE_URL = 'https://ekpayout-uat.enkash.in';
/** UAT host of the card APIs (create card, load balance, ...). */
export const CARDS_API_UAT_BASE_URL = 'https://pay-uat.enkash.in';
/** Live host of the card APIs. */
export const CARDS_API_LIVE_BASE_URL = 'https://pay.enkash.in';

/** Options of {@link createCardsAuth}. */
export interface CardsAuthOptions extends AuthOptions {
  /** Sent as the `Cookie` header when EnKash gave you one to send; never invented. */
  cookie?: string | undefined;
  /**
   * Your EnKash partner id (`CRXXXXXXX`): sent as the `partnerId` header on
   * every call through `client` and `fetch`, never on the token request.
   */
  partnerId?: string | undefined;
}

/**
 * Authenticates against EnKash Prepaid Cards. `clientId` is your company id;
 * `username` the registered mobile number. Card API calls through `client`
 * and `fetch` carry `partnerId` and travel encrypted.
 *
 * @example
 * ```ts
 * const auth = createCardsAuth({ baseUrl: CARDS_TOKEN_UAT_BASE_URL, clientId, clientSecret, username, password });
 * const { accessToken } = await auth.getToken();
 * ```
 */
export function createCardsAuth(options: CardsAuthOptions): EnkashAuth {
  return createAuth(cardsDefinition, options);
}
