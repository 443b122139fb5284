import type { AuthOptions } from './auth-options.js';
import type { Credential, CredentialSources } from './credential-provider.js';
import { EnkashAuthError } from './enkash-auth-error.js';
import { isHeaderValue } from './header-safety.js';
import { createMemoryStore } from './memory-store.js';
import { headerMapEntries, type ProductDefinition } from './product-definition.js';
import type { TokenStore } from './token-store.js';

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
  store: TokenStore;
  /** False when the default in-memory store is in use, which the lifecycle then skips reading. */
  storeGiven: boolean;
  fetch: typeof globalThis.fetch | undefined;
  clock: { now(): number };
}

/** The default lock TTL covers every attempt and backoff of one request, up to this long. */
export const LONGEST_DEFAULT_LOCK_TTL_MS = 30_000;

/** Defaults of the numeric options, as documented on {@link AuthOptions}. */
const DEFAULTS = {
  timeoutMs: 10_000,
  retries: 2,
  refreshWindowMs: 60_000,
  maxConsecutiveFailures: 2,
  retryDelayMs: 250,
  maxRetryDelayMs: 30_000,
} as const;

const REQUIRED = ['baseUrl', 'clientId', 'username'] as const;
/** Options that take a string or a provider of one. */
const PROVIDABLE = ['clientSecret', 'password'] as const;
const STORE_METHODS = [
  'get',
  'set',
  'delete',
  'acquireLock',
  'releaseLock',
  'increment',
  'getCount',
  'resetCount',
] as const;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
// Timers take at most a signed 32-bit number of milliseconds.
const LONGEST_TIMER = 2_147_483_647;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Checks every option at construction and applies the defaults. Throws a
 * `CONFIG` error naming the offending option; a message never repeats a
 * secret value.
 */
export function resolveOptions(
  definition: ProductDefinition,
  rawOptions: AuthOptions & Record<string, unknown>,
): ResolvedOptions {
  const product = resolveProduct(definition);
  const options = resolveRequired(product, rawOptions);
  const url = resolveUrl(product, 'baseUrl', options.baseUrl);
  const baseUrl = url.href.replace(/\/+$/, '');
  const credentials = resolveCredentials(product, definition, options);
  const headers = resolveHeaders(product, options.headers);
  const fetch = resolveFetch(product, options.fetch);
  const clock = resolveClock(product, options.clock);
  const store = resolveStore(product, options.store);
  const timeoutMs = resolveInteger(product, options, 'timeoutMs', 1, LONGEST_TIMER);
  const retries = resolveInteger(product, options, 'retries', 0, 10);
  const maxRetryDelayMs = resolveInteger(product, options, 'maxRetryDelayMs', 0, LONGEST_TIMER);
  return {
    product,
    baseUrl,
    bearerOrigins: new Set([url.origin, ...resolveTrustedOrigins(product, options.trustedOrigins)]),
    tokenUrl: `${baseUrl}/oauth/token`,
    clientId: credentials.clientId,
    username: credentials.username,
    credentials,
    headers,
    timeoutMs,
    retries,
    refreshWindowMs: resolveInteger(product, options, 'refreshWindowMs', 0, LONGEST_TIMER),
    maxConsecutiveFailures: resolveInteger(product, options, 'maxConsecutiveFailures', 1, 100),
    retryDelayMs: resolveInteger(product, options, 'retryDelayMs', 0, LONGEST_TIMER),
    maxRetryDelayMs,
    lockTtlMs: resolveLockTtl(product, options.lockTtlMs, timeoutMs, retries, maxRetryDelayMs),
    store: store ?? createMemoryStore({ clock }),
    storeGiven: store !== undefined,
    fetch,
    clock,
  };
}

function resolveProduct(definition: ProductDefinition): string {
  const product = (definition as Partial<ProductDefinition> | undefined)?.product;
  if (typeof product !== 'string' || product.trim() === '') {
    throw new EnkashAuthError('createAuth: the product definition has no product name.', {
      code: 'CONFIG',
      product: 'unknown',
    });
  }
  if (!Array.isArray(definition.responses) || definition.responses.length === 0) {
    throw configError(product, 'the product definition lists no response shapes.');
  }
  const maxLifetimeMs = definition.maxLifetimeMs;
  if (maxLifetimeMs !== undefined && !(Number.isFinite(maxLifetimeMs) && maxLifetimeMs > 0)) {
    throw configError(product, 'the product definition has a non-positive maxLifetimeMs.');
  }
  return product;
}

/** The options as a record, once every required string is known to be there. */
function resolveRequired(
  product: string,
  rawOptions: AuthOptions & Record<string, unknown>,
): AuthOptions & Record<string, unknown> {
  if (typeof rawOptions !== 'object' || rawOptions === null) {
    throw configError(product, 'options must be an object.');
  }
  for (const name of REQUIRED) {
    const value: unknown = rawOptions[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw configError(product, `option "${name}" is required and must be a non-empty string.`);
    }
  }
  for (const name of PROVIDABLE) {
    resolveCredential(product, name, rawOptions[name]);
  }
  return rawOptions;
}

function resolveUrl(product: string, name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(product, `option "${name}" is not an absolute URL.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw configError(product, `option "${name}" must not contain credentials.`);
  }
  // A bare `?` or `#` parses to an empty search or hash, yet stays in `href`.
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(url.href)) {
    throw configError(product, `option "${name}" must not contain a query or fragment.`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw configError(
      product,
      `option "${name}" must use https (plain http only to localhost, 127.0.0.1 or [::1]); got ${url.protocol}//${url.host}.`,
    );
  }
  return url;
}

function resolveTrustedOrigins(product: string, value: unknown): string[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || value.some((origin) => typeof origin !== 'string')) {
    throw configError(product, 'option "trustedOrigins" must be an array of origin strings.');
  }
  return value.map((origin: string) => {
    const url = resolveUrl(product, 'trustedOrigins', origin);
    if (url.pathname !== '/') {
      throw configError(
        product,
        `option "trustedOrigins" takes origins only; got a path in ${url.origin}.`,
      );
    }
    return url.origin;
  });
}

/** A non-empty string, or a provider of one (called per token request, not now: construction does no I/O). */
function resolveCredential(product: string, name: string, value: unknown): Credential {
  if (typeof value === 'function') {
    return value as Credential;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw configError(
      product,
      `option "${name}" is required and must be a non-empty string or a function that returns one.`,
    );
  }
  return value;
}

function resolveCredentials(
  product: string,
  definition: ProductDefinition,
  options: AuthOptions & Record<string, unknown>,
): CredentialSources {
  const { clientId, clientSecret, username, password } = options;
  return {
    clientId,
    clientSecret,
    username,
    password,
    basicAuth: resolveBasicAuth(product, options.basicAuth),
    productHeaders: resolveProductHeaders(product, definition, options),
  };
}

function resolveBasicAuth(product: string, value: unknown): CredentialSources['basicAuth'] {
  if (value === undefined) {
    return undefined;
  }
  const pair = value as Record<string, unknown> | null;
  if (
    typeof pair !== 'object' ||
    pair === null ||
    typeof pair.id !== 'string' ||
    typeof pair.secret !== 'string'
  ) {
    throw configError(product, 'option "basicAuth" must be { id: string, secret: string }.');
  }
  return { id: pair.id, secret: pair.secret };
}

/** Cards `cookie`, expense `apiKey`: by header name, as `definition.optionHeaders` maps them. */
function resolveProductHeaders(
  product: string,
  definition: ProductDefinition,
  options: Record<string, unknown>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [optionName, headerName] of headerMapEntries(definition.optionHeaders)) {
    const value = options[optionName];
    if (value === undefined) {
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw configError(product, `option "${optionName}" must be a non-empty string when given.`);
    }
    headers[headerName] = checkHeaderValue(product, optionName, value);
  }
  return headers;
}

function resolveHeaders(product: string, value: unknown): Record<string, string> {
  if (value === undefined) {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configError(product, 'option "headers" must be an object of header names to strings.');
  }
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    if (!HEADER_NAME.test(name) || typeof headerValue !== 'string') {
      throw configError(product, `option "headers" has an invalid header "${name.slice(0, 40)}".`);
    }
    headers[name] = checkHeaderValue(product, `headers.${name}`, headerValue);
  }
  return headers;
}

/** A value with CR, LF or NUL would fail every request, or split a header: refuse it now, unquoted. */
function checkHeaderValue(product: string, name: string, value: string): string {
  if (!isHeaderValue(value)) {
    throw configError(
      product,
      `option "${name}" has a character not allowed in an HTTP header (a control character such as CR, LF or NUL, or a non-ASCII character).`,
    );
  }
  return value;
}

function resolveFetch(product: string, value: unknown): typeof globalThis.fetch | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw configError(product, 'option "fetch" must be a function.');
  }
  return value as typeof globalThis.fetch | undefined;
}

function resolveClock(product: string, value: unknown): { now(): number } {
  const clock = value ?? Date;
  if (typeof (clock as { now?: unknown }).now !== 'function') {
    throw configError(product, 'option "clock" must have a now() method.');
  }
  return clock as { now(): number };
}

/** The given store, checked; `undefined` when none was given (the default is in memory). */
function resolveStore(product: string, store: unknown): TokenStore | undefined {
  if (store === undefined) {
    return undefined;
  }
  if (typeof store !== 'object' || store === null) {
    throw configError(product, `option "store" must be a TokenStore; got ${describeType(store)}.`);
  }
  for (const method of STORE_METHODS) {
    if (typeof (store as Record<string, unknown>)[method] !== 'function') {
      throw configError(product, `option "store" has no ${method}() method.`);
    }
  }
  return store as TokenStore;
}

function resolveInteger(
  product: string,
  options: Record<string, unknown>,
  name: keyof typeof DEFAULTS,
  minimum: number,
  maximum: number,
): number {
  const value = options[name];
  return value === undefined
    ? DEFAULTS[name]
    : checkInteger(product, name, value, minimum, maximum);
}

/**
 * `lockTtlMs`, or by default long enough for every attempt and backoff of
 * one token request, plus a second, but never longer than
 * {@link LONGEST_DEFAULT_LOCK_TTL_MS}: a crashed holder must not stall a
 * fleet for minutes. A holder that outlives the lock only costs a second
 * token request, never a wrong answer.
 */
function resolveLockTtl(
  product: string,
  value: unknown,
  timeoutMs: number,
  retries: number,
  maxRetryDelayMs: number,
): number {
  if (value !== undefined) {
    return checkInteger(product, 'lockTtlMs', value, 100, LONGEST_TIMER);
  }
  const everyAttempt = timeoutMs * (retries + 1) + maxRetryDelayMs * retries + 1_000;
  return Math.min(everyAttempt, LONGEST_DEFAULT_LOCK_TTL_MS);
}

function checkInteger(
  product: string,
  name: string,
  value: unknown,
  minimum: number,
  maximum: number,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
    throw configError(
      product,
      `option "${name}" must be an integer from ${minimum} to ${maximum}; got ${describeType(value)}.`,
    );
  }
  return value;
}

/** Names a value's type (or a number itself: numbers are never secrets) for CONFIG messages. */
function describeType(value: unknown): string {
  if (typeof value === 'number') {
    return String(value);
  }
  return value === null ? 'null' : typeof value;
}

function configError(product: string, message: string): EnkashAuthError {
  return new EnkashAuthError(`${product}: ${message}`, { code: 'CONFIG', product });
}
