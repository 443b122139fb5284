import { type CredentialSources, isProvider } from '../credentials/credential-provider.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { debugLogger, type EnkashAuthLogger } from '../observe/logger.js';
import type { ProductDefinition } from '../product/product-definition.js';
import { TOKEN_STORE_METHODS, type TokenStore } from '../store/token-store.js';
import type { AuthOptions } from './auth-options.js';
import { configError, describeValue, isFilled, optionError } from './config-error.js';
import { resolveHeaders, resolveProductHeaders } from './resolve-headers.js';
import { resolveTimings } from './resolve-timings.js';
import type { ResolvedOptions } from './resolved-options.js';

/**
 * Checks every option at construction and applies the defaults, one
 * resolver per option, in a fixed order (the first problem found is the one
 * reported). Throws a `CONFIG` error naming the offending option; a message
 * never repeats a secret value.
 */
export function resolveOptions(
  definition: ProductDefinition,
  options: AuthOptions & Record<string, unknown>,
): ResolvedOptions {
  const product = resolveProduct(definition);
  if (typeof options !== 'object' || options === null) {
    throw configError(product, 'options must be an object.');
  }
  checkRequired(product, options);
  const { clientId, clientSecret, username, password } = options;
  const baseUrl = resolveBaseUrl(product, options.baseUrl);
  // Resolved in this order, property by property: the first problem is the one reported.
  return {
    product,
    baseUrl,
    tokenUrl: `${baseUrl}/oauth/token`,
    clientId,
    username,
    credentials: {
      clientId,
      clientSecret,
      username,
      password,
      basicAuth: resolveBasicAuth(product, options.basicAuth),
      productHeaders: resolveProductHeaders(product, definition, options),
    },
    headers: resolveHeaders(product, options.headers),
    fetch: resolveFetch(product, options.fetch),
    clock: resolveClock(product, options.clock),
    // Freshness is measured on the given clock (tests), else on a monotonic one.
    monotonic: options.clock ?? performance,
    storeOutage: resolveStoreOutage(product, options.storeOutage),
    logger: resolveLogger(product, options.logger),
    store: resolveStore(product, options.store),
    bearerOrigins: resolveBearerOrigins(product, baseUrl, options.trustedOrigins),
    ...resolveTimings(product, options),
  };
}

/**
 * The definition's product name, once the definition is one the core can
 * use: a name, at least one response shape, and a positive `maxLifetimeMs`
 * when it has one. Throws `CONFIG`.
 */
function resolveProduct(definition: ProductDefinition): string {
  const product = (definition as Partial<ProductDefinition> | undefined)?.product;
  if (!isFilled(product)) {
    throw new EnkashAuthError('createAuth: the product definition has no product name.', {
      code: 'CONFIG',
      product: 'unknown',
    });
  }
  if (!Array.isArray(definition.responses) || definition.responses.length === 0) {
    throw configError(product, 'the product definition lists no response shapes.');
  }
  const { maxLifetimeMs } = definition;
  if (maxLifetimeMs !== undefined && !(Number.isFinite(maxLifetimeMs) && maxLifetimeMs > 0)) {
    throw configError(product, 'the product definition has a non-positive maxLifetimeMs.');
  }
  return product;
}

/** The string options every auth needs; a provider of one is also accepted for the two secrets. */
const REQUIRED = ['baseUrl', 'clientId', 'username', 'clientSecret', 'password'] as const;
const PROVIDABLE: ReadonlySet<string> = new Set(['clientSecret', 'password']);

/**
 * Checks that every required option is there: a non-empty string, or for a
 * secret a provider, called per token request and not now (construction
 * does no I/O).
 */
function checkRequired(product: string, options: Record<string, unknown>): void {
  for (const name of REQUIRED) {
    const value = options[name];
    const providable = PROVIDABLE.has(name);
    if (!isFilled(value) && !(providable && isProvider(value))) {
      throw optionError(
        product,
        name,
        `is required and must be a non-empty string${providable ? ' or a function that returns one' : ''}`,
      );
    }
  }
}

/** `basicAuth`, the Basic pair when it is not `clientId:clientSecret`: `{ id, secret }` strings. */
function resolveBasicAuth(product: string, basicAuth: unknown): CredentialSources['basicAuth'] {
  if (basicAuth === undefined) return undefined;
  const pair = basicAuth as Record<string, unknown> | null;
  if (typeof pair !== 'object' || typeof pair?.id !== 'string' || typeof pair.secret !== 'string') {
    throw optionError(product, 'basicAuth', 'must be { id: string, secret: string }');
  }
  return { id: pair.id, secret: pair.secret };
}

/** Option `fetch`: a function, or left out for `globalThis.fetch`. */
function resolveFetch(product: string, fetch: unknown): typeof globalThis.fetch | undefined {
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw optionError(product, 'fetch', 'must be a function');
  }
  return fetch as typeof globalThis.fetch | undefined;
}

/** Option `clock`: an object with a `now()` method, `Date` when left out. */
function resolveClock(product: string, clock: AuthOptions['clock']): { now(): number } {
  const given = clock ?? Date;
  if (typeof given.now !== 'function') {
    throw optionError(product, 'clock', 'must have a now() method');
  }
  return given;
}

/** Option `storeOutage`: `'proceed'` (default) or `'refuse'`. */
function resolveStoreOutage(product: string, storeOutage: unknown): 'proceed' | 'refuse' {
  const value = storeOutage ?? 'proceed';
  if (value !== 'proceed' && value !== 'refuse') {
    throw optionError(
      product,
      'storeOutage',
      `must be "proceed" or "refuse"; got ${describeValue(value)}`,
    );
  }
  return value;
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** Option `logger`: an object whose level methods, those it has, are functions; else `ENKASH_AUTH_DEBUG`'s. */
function resolveLogger(product: string, logger: unknown): EnkashAuthLogger | undefined {
  if (logger === undefined) return debugLogger();
  if (typeof logger !== 'object' || logger === null) {
    throw optionError(
      product,
      'logger',
      `must be an object with debug, info, warn or error methods; got ${describeValue(logger)}`,
    );
  }
  for (const level of LOG_LEVELS) {
    const method = (logger as Record<string, unknown>)[level];
    if (method !== undefined && typeof method !== 'function') {
      throw optionError(product, 'logger', `has a ${level} that is not a function`);
    }
  }
  return logger as EnkashAuthLogger;
}

/** Option `store`: an object with every {@link TokenStore} method, or left out. */
function resolveStore(product: string, store: unknown): TokenStore | undefined {
  if (store === undefined) return undefined;
  if (typeof store !== 'object' || store === null) {
    throw optionError(product, 'store', `must be a TokenStore; got ${describeValue(store)}`);
  }
  for (const method of TOKEN_STORE_METHODS) {
    if (typeof (store as Record<string, unknown>)[method] !== 'function') {
      throw optionError(product, 'store', `has no ${method}() method`);
    }
  }
  return store as TokenStore;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `baseUrl` checked (see {@link checkUrl}) and without a trailing slash, so paths join with exactly one. */
function resolveBaseUrl(product: string, baseUrl: string): string {
  return checkUrl(product, 'baseUrl', baseUrl).href.replace(/\/+$/, '');
}

/** The origins the bearer token may go to: `baseUrl`'s, then each of `trustedOrigins`, checked. */
function resolveBearerOrigins(
  product: string,
  baseUrl: string,
  trustedOrigins: unknown,
): ReadonlySet<string> {
  const bearerOrigins = new Set([new URL(baseUrl).origin]);
  if (trustedOrigins === undefined) return bearerOrigins;
  if (
    !Array.isArray(trustedOrigins) ||
    trustedOrigins.some((origin) => typeof origin !== 'string')
  ) {
    throw optionError(product, 'trustedOrigins', 'must be an array of origin strings');
  }
  for (const origin of trustedOrigins as string[]) {
    const trusted = checkUrl(product, 'trustedOrigins', origin);
    if (trusted.pathname !== '/') {
      throw optionError(
        product,
        'trustedOrigins',
        `takes origins only; "${origin}" has the path "${trusted.pathname}": list "${trusted.origin}" and keep the path in the URLs you call`,
      );
    }
    bearerOrigins.add(trusted.origin);
  }
  return bearerOrigins;
}

/**
 * An absolute URL without credentials, query or fragment, over https (plain
 * http only to a loopback host). Throws `CONFIG` naming the option.
 */
function checkUrl(product: string, name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw optionError(product, name, 'is not an absolute URL');
  }
  if (url.username !== '' || url.password !== '') {
    throw optionError(product, name, 'must not contain credentials');
  }
  // A bare `?` or `#` parses to an empty search or hash, yet stays in `href`.
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(url.href)) {
    throw optionError(product, name, 'must not contain a query or fragment');
  }
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  ) {
    throw optionError(
      product,
      name,
      `must use https (plain http only to localhost, 127.0.0.1 or [::1]); got ${url.protocol}//${url.host}`,
    );
  }
  return url;
}
