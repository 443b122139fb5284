export * from '@enkash/auth-core/product-exports';

import { type AuthOptions, createAuth, type EnkashAuth } from '@enkash/auth-core';
import { bbpsDefinition } from './definition.js';

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
