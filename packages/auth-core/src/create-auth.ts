import ky, { type KyInstance } from 'ky';
import { createBearerFetch } from './api/bearer-fetch.js';
import { clientErrorHook } from './api/client-error-hook.js';
import { type Credentials, createCredentials } from './credentials/credentials.js';
import type { EnkashAuth } from './enkash-auth.js';
import { createRedactor } from './errors/redact.js';
import { createEventHub } from './events.js';
import { createLifecycle, type LifecycleContext } from './lifecycle/lifecycle.js';
import type { AuthOptions, ProductOptionName } from './options/auth-options.js';
import { resolveApiOptions } from './options/resolve-api-options.js';
import { resolveOptions } from './options/resolve-options.js';
import type { ProductDefinition } from './product/product-definition.js';
import { createKeepAlive } from './util/keep-alive.js';

/**
 * Assembles an {@link EnkashAuth} for one product and one credential set:
 * checks the options (throwing `CONFIG`), then builds the token lifecycle
 * and the bearer client. Construction does no I/O, starts no timer and opens
 * no socket, so one auth per tenant stays cheap.
 *
 * Product packages call it with their definition; applications call the
 * product factory (`createPayoutsAuth(options)`) instead. Product-specific
 * options (cards `cookie`, expense `apiKey`) travel as headers according to
 * `definition.optionHeaders`; API-call options (`encryption`,
 * `encryptionKey`, cards `partnerId`) shape the bearer client.
 *
 * @example
 * ```ts
 * export function createPayoutsAuth(options: PayoutsAuthOptions): EnkashAuth {
 *   return createAuth(payoutsDefinition, options);
 * }
 * ```
 */
export function createAuth<TOptions extends AuthOptions>(
  definition: ProductDefinition<ProductOptionName<TOptions>>,
  options: TOptions,
): EnkashAuth {
  // Product options (cards `cookie`, expense `apiKey`) ride along with the core's.
  const resolved = resolveOptions(definition, options as AuthOptions & Record<string, unknown>);
  const events = createEventHub();
  let credentials: Credentials | undefined;
  // A payload key defaulting to a clientSecret provider follows the latest value read.
  const api = resolveApiOptions(
    definition,
    options as Record<string, unknown>,
    resolved.product,
    // Only called by an API call, once construction is over.
    {
      current: () => (credentials as Credentials).currentClientSecret(createKeepAlive()),
      again: async () =>
        (await (credentials as Credentials).prepare(createKeepAlive())).credentials.clientSecret,
    },
  );
  // Secrets the request does not carry (the payload encryption key) are redacted all the same.
  const redactor = createRedactor(api.encryptionKey === undefined ? [] : [api.encryptionKey]);
  credentials = createCredentials(definition, resolved.credentials, resolved, redactor);
  const lifecycleContext: LifecycleContext = {
    definition,
    options: resolved,
    redactor,
    credentials,
    emit: events.emit,
  };
  const lifecycle = createLifecycle(lifecycleContext);
  const bearerFetch = createBearerFetch({
    product: resolved.product,
    baseUrl: resolved.baseUrl,
    bearerOrigins: resolved.bearerOrigins,
    transport: resolved.fetch,
    getToken: lifecycle.getToken,
    invalidate: lifecycle.invalidate,
    headers: api.headers,
    cipher: api.cipher,
    timeoutMs: api.timeoutMs,
    maxResponseBytes: api.maxResponseBytes,
    redactor: lifecycleContext.redactor,
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
    status: lifecycle.status,
    on: events.on,
    get client() {
      // Built on first use: most tenants of a multi-tenant service may never need it.
      // ky's own timeout follows apiTimeoutMs; what it throws is redacted, its timeout made TIMEOUT.
      client ??= ky.create({
        prefix: resolved.baseUrl,
        fetch: bearerFetch,
        timeout: api.timeoutMs,
        hooks: {
          beforeError: [
            clientErrorHook(resolved.product, api.timeoutMs, lifecycleContext.redactor),
          ],
        },
      });
      return client;
    },
    fetch: bearerFetch,
  };
}
