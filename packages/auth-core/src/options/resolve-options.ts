import type { CredentialSources } from '../credentials/credential-provider.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { headerMapEntries, type ProductDefinition } from '../product/product-definition.js';
import { TOKEN_STORE_METHODS, type TokenStore } from '../store/token-store.js';
import { isHeaderValue } from '../util/header-safety.js';
import type { AuthOptions } from './auth-options.js';

/** Options after validation, with defaults applied. The only holder of the secrets. */
export interface ResolvedOptions {
  product: string;
  /** `baseUrl` without a trailing slash, so paths join with exactly one. */
  baseUrl: string;
  /** Origins the bearer token may go to: `baseUrl`'s and `trustedOrigins`. */
  bearerOrigins: ReadonlySet<string>;
  tokenUrl: string;
  /** The identity the store key derives from, with `username` (neither is a secret). */
  clientId: string;
  username: string;
  /**
   * What the token request authenticates with; `password` and `clientSecret`
   * may be providers, read when a token request is about to be made.
   */
  credentials: CredentialSources;
  /** Extra token request headers (option `headers`), every value header-safe. */
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  retries: number;
  refreshWindowMs: number;
  maxConsecutiveFailures: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** How long the shared-store lock lives: `lockTtlMs`, or the capped default. */
  lockTtlMs: number;
  /** How long a lockout-guard reservation counts: longer than one token request can take. */
  reservationTtlMs: number;
  /** What the guard does while a shared store is unreachable. */
  storeOutage: 'proceed' | 'refuse';
  fetch: typeof globalThis.fetch | undefined;
  /** Epoch milliseconds: expiry values, reservations, `status()`. */
  clock: { now(): number };
  /**
   * Freshness is measured on it, so a step of the wall clock neither serves a
   * dead token nor starts a storm: `clock` when given (tests), else `performance`.
   */
  monotonic: { now(): number };
  /**
   * The store given, if any: without one, an auth keeps its token in its account alone, so no
   * default store is built (nor bundled).
   */
  store: TokenStore | undefined;
}

/** The default lock TTL covers every attempt and backoff of one request, up to this long. */
export const LONGEST_DEFAULT_LOCK_TTL_MS = 30_000;

/** Slack on top of a token request's longest run and the store round trips around it. */
const RESERVATION_MARGIN_MS = 1_000;

// Timers take at most a signed 32-bit number of milliseconds.
const LONGEST_TIMER = 2_147_483_647;

/**
 * The integer options as `[minimum, maximum, default]`, the defaults as documented on
 * {@link AuthOptions}. `lockTtlMs` has none here: its default follows from the others.
 */
const INTEGERS = {
  timeoutMs: [1, LONGEST_TIMER, 10_000],
  retries: [0, 10, 2],
  refreshWindowMs: [0, LONGEST_TIMER, 60_000],
  maxConsecutiveFailures: [1, 2, 2],
  retryDelayMs: [0, LONGEST_TIMER, 250],
  maxRetryDelayMs: [0, LONGEST_TIMER, 30_000],
  lockTtlMs: [100, LONGEST_TIMER, undefined],
} as const;
type IntegerName = keyof typeof INTEGERS;

/** The string options; a provider of one is also accepted for the two secrets. */
const REQUIRED = ['baseUrl', 'clientId', 'username', 'clientSecret', 'password'] as const;
const PROVIDABLE: ReadonlySet<string> = new Set(['clientSecret', 'password']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Checks every option at construction and applies the defaults. Throws a
 * `CONFIG` error naming the offending option; a message never repeats a
 * secret value.
 */
export function resolveOptions(
  definition: ProductDefinition,
  options: AuthOptions & Record<string, unknown>,
): ResolvedOptions {
  const product = (definition as Partial<ProductDefinition> | undefined)?.product;
  if (!isFilled(product)) {
    throw new EnkashAuthError('createAuth: the product definition has no product name.', {
      code: 'CONFIG',
      product: 'unknown',
    });
  }
  const fail = (message: string) =>
    new EnkashAuthError(`${product}: ${message}`, { code: 'CONFIG', product });
  const optionError = (name: string, problem: string) => fail(`option "${name}" ${problem}.`);
  // Options never repeat a value in a message but a number (never a secret) or a type.
  const describe = (value: unknown) =>
    typeof value === 'number' ? value : value === null ? 'null' : typeof value;

  if (!Array.isArray(definition.responses) || definition.responses.length === 0) {
    throw fail('the product definition lists no response shapes.');
  }
  const { maxLifetimeMs } = definition;
  if (maxLifetimeMs !== undefined && !(Number.isFinite(maxLifetimeMs) && maxLifetimeMs > 0)) {
    throw fail('the product definition has a non-positive maxLifetimeMs.');
  }
  if (typeof options !== 'object' || options === null) {
    throw fail('options must be an object.');
  }
  for (const name of REQUIRED) {
    const value = options[name];
    // A secret's provider is called per token request, not now: construction does no I/O.
    const provided = PROVIDABLE.has(name);
    if (!isFilled(value) && !(provided && typeof value === 'function')) {
      throw optionError(
        name,
        `is required and must be a non-empty string${provided ? ' or a function that returns one' : ''}`,
      );
    }
  }

  const checkUrl = (name: string, value: string): URL => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw optionError(name, 'is not an absolute URL');
    }
    if (url.username !== '' || url.password !== '') {
      throw optionError(name, 'must not contain credentials');
    }
    // A bare `?` or `#` parses to an empty search or hash, yet stays in `href`.
    if (url.search !== '' || url.hash !== '' || /[?#]/.test(url.href)) {
      throw optionError(name, 'must not contain a query or fragment');
    }
    if (
      url.protocol !== 'https:' &&
      !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
    ) {
      throw optionError(
        name,
        `must use https (plain http only to localhost, 127.0.0.1 or [::1]); got ${url.protocol}//${url.host}`,
      );
    }
    return url;
  };
  // A value with CR, LF or NUL would fail every request, or split a header: refuse it now, unquoted.
  const checkHeaderValue = (name: string, value: string) => {
    if (!isHeaderValue(value)) {
      throw optionError(
        name,
        'has a character not allowed in an HTTP header (only tab, space and visible ASCII are)',
      );
    }
    return value;
  };

  const url = checkUrl('baseUrl', options.baseUrl);
  const baseUrl = url.href.replace(/\/+$/, '');

  const basicAuth = options.basicAuth as Record<string, unknown> | null | undefined;
  if (
    basicAuth !== undefined &&
    (typeof basicAuth !== 'object' ||
      typeof basicAuth?.id !== 'string' ||
      typeof basicAuth.secret !== 'string')
  ) {
    throw optionError('basicAuth', 'must be { id: string, secret: string }');
  }

  // Cards `cookie`, expense `apiKey`: by header name, as `definition.optionHeaders` maps them.
  const productHeaders: Record<string, string> = {};
  for (const [optionName, headerName] of headerMapEntries(definition.optionHeaders)) {
    const value = options[optionName];
    if (value === undefined) continue;
    if (!isFilled(value)) throw optionError(optionName, 'must be a non-empty string when given');
    productHeaders[headerName] = checkHeaderValue(optionName, value);
  }

  const headerOption: unknown = options.headers === undefined ? {} : options.headers;
  if (typeof headerOption !== 'object' || headerOption === null || Array.isArray(headerOption)) {
    throw optionError('headers', 'must be an object of header names to strings');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(headerOption)) {
    if (!HEADER_NAME.test(name) || typeof value !== 'string') {
      throw optionError('headers', `has an invalid header "${name.slice(0, 40)}"`);
    }
    headers[name] = checkHeaderValue(`headers.${name}`, value);
  }

  const { fetch, store } = options;
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw optionError('fetch', 'must be a function');
  }
  const clock = options.clock ?? Date;
  if (typeof clock.now !== 'function') {
    throw optionError('clock', 'must have a now() method');
  }
  const storeOutage = options.storeOutage ?? 'proceed';
  if (storeOutage !== 'proceed' && storeOutage !== 'refuse') {
    throw optionError('storeOutage', `must be "proceed" or "refuse"; got ${describe(storeOutage)}`);
  }
  if (store !== undefined) {
    if (typeof store !== 'object' || store === null) {
      throw optionError('store', `must be a TokenStore; got ${describe(store)}`);
    }
    for (const method of TOKEN_STORE_METHODS) {
      if (typeof (store as unknown as Record<string, unknown>)[method] !== 'function') {
        throw optionError('store', `has no ${method}() method`);
      }
    }
  }

  const { trustedOrigins } = options as { trustedOrigins?: unknown };
  const bearerOrigins = new Set([url.origin]);
  if (trustedOrigins !== undefined) {
    if (
      !Array.isArray(trustedOrigins) ||
      trustedOrigins.some((origin) => typeof origin !== 'string')
    ) {
      throw optionError('trustedOrigins', 'must be an array of origin strings');
    }
    for (const origin of trustedOrigins) {
      const trusted = checkUrl('trustedOrigins', origin);
      if (trusted.pathname !== '/') {
        throw optionError(
          'trustedOrigins',
          `takes origins only; "${origin}" has the path "${trusted.pathname}": list "${trusted.origin}" and keep the path in the URLs you call`,
        );
      }
      bearerOrigins.add(trusted.origin);
    }
  }

  const integers = {} as Record<IntegerName, number>;
  for (const [name, [minimum, maximum, fallback]] of Object.entries(INTEGERS) as [
    IntegerName,
    (typeof INTEGERS)[IntegerName],
  ][]) {
    const given = options[name];
    const value = given === undefined ? fallback : given;
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < minimum ||
      value > maximum
    ) {
      if (name === 'maxConsecutiveFailures') {
        throw optionError(
          name,
          `must be 1 or 2: EnKash locks the account at its 3rd consecutive failed login, and the guard must stop before it; got ${describe(value)}`,
        );
      }
      throw optionError(
        name,
        `must be an integer from ${minimum} to ${maximum}; got ${describe(value)}`,
      );
    }
    integers[name] = value;
  }
  const { timeoutMs, retries, maxRetryDelayMs } = integers;
  // By default long enough for every attempt and backoff of one token request, plus a second,
  // but never longer than LONGEST_DEFAULT_LOCK_TTL_MS: a crashed holder must not stall a fleet
  // for minutes. A holder that outlives the lock only costs a second token request.
  integers.lockTtlMs ??= Math.min(
    timeoutMs * (retries + 1) + maxRetryDelayMs * retries + 1_000,
    LONGEST_DEFAULT_LOCK_TTL_MS,
  );

  // A reservation outlives every attempt, backoff and provider read of one token request, so
  // another process never takes an attempt still under way for a lapsed one.
  // Each attempt and the provider read take at most timeoutMs, and so does each of the two store
  // operations that record the outcome.
  const reservationTtlMs =
    timeoutMs * (retries + 4) + maxRetryDelayMs * retries + RESERVATION_MARGIN_MS;

  const { clientId, clientSecret, username, password } = options;
  return {
    product,
    baseUrl,
    bearerOrigins,
    tokenUrl: `${baseUrl}/oauth/token`,
    clientId,
    username,
    credentials: {
      clientId,
      clientSecret,
      username,
      password,
      basicAuth: basicAuth
        ? { id: basicAuth.id as string, secret: basicAuth.secret as string }
        : undefined,
      productHeaders,
    },
    headers,
    ...integers,
    reservationTtlMs,
    storeOutage,
    fetch,
    clock,
    monotonic: options.clock ?? performance,
    store,
  };
}

/** A string with more than whitespace in it. */
function isFilled(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
