import ky, { type KyInstance } from 'ky';
import { createBearerFetch } from './api/bearer-fetch.js';
import { clientErrorHook } from './api/client-error-hook.js';
import { type Credentials, createCredentials } from './credentials/credentials.js';
import type { EnkashAuth } from './enkash-auth.js';
import { createRedactor, type Redactor } from './errors/redact.js';
import { createEventHub } from './events.js';
import { accountLookup, registryForConstruction } from './lifecycle/account-registry.js';
import type { AuthState } from './lifecycle/auth-state.js';
import { redactorFor } from './lifecycle/auth-state.js';
import { createLifecycle } from './lifecycle/lifecycle.js';
import { createLockoutGuard } from './lifecycle/lockout-guard.js';
import { storeFaultReporter } from './lifecycle/store-fault.js';
import { createPublisher } from './observe/publisher.js';
import type { AuthOptions, ProductOptionName } from './options/auth-options.js';
import { resolveApiOptions } from './options/resolve-api-options.js';
import { resolveOptions } from './options/resolve-options.js';
import type { ProductDefinition } from './product/product-definition.js';
import { createStoreAccess, StoreAnswerError } from './store/store-access.js';

/**
 * Assembles an {@link EnkashAuth} for one product and one credential set:
 * checks the options (throwing `CONFIG`), gives the credentials their one
 * owner, builds the auth's one state, and binds the token lifecycle and the
 * bearer client to it. Construction does no I/O, starts no timer and opens
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
  const given = options as AuthOptions & Record<string, unknown>;
  // From here on the credentials' owner is the only holder of the secrets.
  const { credentials: sources, ...resolved } = resolveOptions(definition, given);
  const credentials = createCredentials(definition, sources, resolved);
  const api = resolveApiOptions(definition, given, resolved.product, credentials.payloadKey);
  // Secrets the request does not carry (the payload encryption key) are redacted all the same.
  const fixedSecrets = api.encryptionKey === undefined ? [] : [api.encryptionKey];
  const redactor = createRedactor(fixedSecrets, credentials.recentSecrets);
  const state = createAuthState(definition, resolved, credentials, redactor);
  const lifecycle = createLifecycle(state);
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
    redactor,
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
    on: state.events.on,
    get client() {
      // Built on first use: most tenants of a multi-tenant service may never need it.
      // ky's own timeout follows apiTimeoutMs; what it throws is redacted, its timeout made TIMEOUT.
      client ??= ky.create({
        prefix: resolved.baseUrl,
        fetch: bearerFetch,
        timeout: api.timeoutMs,
        hooks: { beforeError: [clientErrorHook(resolved.product, api.timeoutMs, redactor)] },
      });
      return client;
    },
    fetch: bearerFetch,
  };
}

/**
 * The auth's one state: its options, credentials and redactor, its events,
 * its account (looked up on first use), the store wrapped so that its calls
 * never throw nor hang (a fault is reported as `store-error`, redacted), and
 * the lockout guard.
 */
function createAuthState(
  definition: ProductDefinition,
  options: AuthState['options'],
  credentials: Credentials,
  redactor: Redactor,
): AuthState {
  const account = accountLookup(registryForConstruction(), options);
  const events = createPublisher({
    product: options.product,
    hub: createEventHub(),
    account,
    logger: options.logger,
    redactor: () => redactorFor(redactor, account()),
  });
  const reportStoreFault = storeFaultReporter(
    options.product,
    () => redactorFor(redactor, account()),
    events.emit,
  );
  const store =
    options.store === undefined
      ? undefined
      : createStoreAccess(options.store, {
          timeoutMs: options.timeoutMs,
          keepAlive: () => account().keepAlive,
          report: reportStoreFault,
        });
  const guard = createLockoutGuard({
    ...options,
    account,
    store,
    emit: events.emit,
    reportCorrupt: () =>
      reportStoreFault(
        'get',
        new StoreAnswerError(
          "The store's attempt record is not one the SDK wrote (unreadable, or a negative or fractional count); this process's own count replaces it.",
          'INVALID_VALUE',
        ),
      ),
  });
  return { definition, options, credentials, redactor, events, account, store, guard };
}
