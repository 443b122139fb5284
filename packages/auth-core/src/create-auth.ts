import ky, { type KyInstance } from 'ky';
import type { AuthOptions } from './auth-options.js';
import { createBearerFetch } from './bearer-fetch.js';
import type { EnkashAuth } from './enkash-auth.js';
import { createEventHub } from './events.js';
import { createLifecycle } from './lifecycle.js';
import { resolveOptions } from './options.js';
import type { ProductDefinition } from './product-definition.js';
import { createTokenRequestContext } from './token-request.js';

/**
 * Assembles an {@link EnkashAuth} for one product and one credential set:
 * checks the options (throwing `CONFIG`), then builds the token lifecycle
 * and the bearer client. Construction does no I/O, starts no timer and opens
 * no socket, so one auth per tenant stays cheap.
 *
 * Product packages call it with their definition; applications call the
 * product factory (`createPayoutsAuth(options)`) instead. Product-specific
 * options (cards `cookie`, expense `apiKey`) travel as headers according to
 * `definition.optionHeaders`.
 *
 * @example
 * ```ts
 * export function createPayoutsAuth(options: PayoutsAuthOptions): EnkashAuth {
 *   return createAuth(payoutsDefinition, options);
 * }
 * ```
 */
export function createAuth<TOptions extends AuthOptions>(
  definition: ProductDefinition,
  options: TOptions,
): EnkashAuth {
  // Product options (cards `cookie`, expense `apiKey`) ride along with the core's.
  const resolved = resolveOptions(definition, options as AuthOptions & Record<string, unknown>);
  const events = createEventHub();
  const lifecycle = createLifecycle({
    ...createTokenRequestContext(definition, resolved),
    emit: events.emit,
  });
  const bearerFetch = createBearerFetch({
    product: resolved.product,
    baseUrl: resolved.baseUrl,
    bearerOrigins: resolved.bearerOrigins,
    transport: resolved.fetch,
    getToken: lifecycle.getToken,
    invalidate: lifecycle.invalidate,
  });
  let client: KyInstance | undefined;

  return {
    getToken: lifecycle.getToken,
    async getAuthorizationHeader(getOptions) {
      const token = await lifecycle.getToken(getOptions);
      return `Bearer ${token.accessToken}`;
    },
    invalidate: () => lifecycle.invalidate(),
    resetLockout: lifecycle.resetLockout,
    on: events.on,
    get client() {
      // Built on first use: most tenants of a multi-tenant service may never need it.
      client ??= ky.create({ prefix: resolved.baseUrl, fetch: bearerFetch });
      return client;
    },
    fetch: bearerFetch,
  };
}
