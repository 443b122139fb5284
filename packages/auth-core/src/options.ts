import type { AuthOptions } from './auth-options.js';
import { EnkashAuthError } from './enkash-auth-error.js';
import { createMemoryStore } from './memory-store.js';
import type { ProductDefinition } from './product-definition.js';
import type { TokenStore } from './token-store.js';
import { buildUserAgent } from './user-agent.js';

/** Defaults of the numeric options, as documented on {@link AuthOptions}. */
export const DEFAULTS = {
  timeoutMs: 10_000,
  retries: 2,
  refreshWindowMs: 60_000,
  maxConsecutiveFailures: 2,
  retryDelayMs: 250,
  maxRetryDelayMs: 30_000,
} as const;

/** The default lock TTL covers every attempt and backoff of one request, up to this long. */
export const LONGEST_DEFAULT_LOCK_TTL_MS = 30_000;

const REQUIRED = ['baseUrl', 'clientId', 'clientSecret', 'username', 'password'] as const;
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

/** Options after validation, with defaults applied. The only holder of the secrets. */
export interface ResolvedOptions {
  product: string;
  /** `baseUrl` without a trailing slash, so paths join with exactly one. */
  baseUrl: string;
  /** Origins the bearer token may go to: `baseUrl`'s and `trustedOrigins`. */
  bearerOrigins: ReadonlySet<string>;
  tokenUrl: string;
  clientId: string;
  username: string;
  /** Headers of every token request, Basic and User-Agent included. */
  tokenHeaders: Readonly<Record<string, string>>;
  /** The form body of every token request. */
  tokenBody: string;
  timeoutMs: number;
  retries: number;
  refreshWindowMs: number;
  maxConsecutiveFailures: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** How long the shared-store lock lives: `lockTtlMs`, or the capped default. */
  lockTtlMs: number;
  maxLifetimeMs: number | undefined;
  store: TokenStore;
  /** False when the default in-memory store is in use, which the lifecycle then skips reading. */
  storeGiven: boolean;
  fetch: typeof globalThis.fetch | undefined;
  clock: { now(): number };
  /** Every secret value, for the last-line redaction of text from elsewhere. */
  secrets: readonly string[];
}

function configError(product: string, message: string): EnkashAuthError {
  return new EnkashAuthError(`${product}: ${message}`, { code: 'CONFIG', product });
}

function readInteger(
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

/**
 * Long enough for every attempt and backoff of one token request, plus a
 * second, but never longer than {@link LONGEST_DEFAULT_LOCK_TTL_MS}: a
 * crashed holder must not stall a fleet for minutes. A holder that outlives
 * the lock only costs a second token request, never a wrong answer.
 */
function defaultLockTtl(timeoutMs: number, retries: number, maxRetryDelayMs: number): number {
  const everyAttempt = timeoutMs * (retries + 1) + maxRetryDelayMs * retries + 1_000;
  return Math.min(everyAttempt, LONGEST_DEFAULT_LOCK_TTL_MS);
}

/** Names a value's type (or a number itself: numbers are never secrets) for CONFIG messages. */
function describeType(value: unknown): string {
  if (typeof value === 'number') {
    return String(value);
  }
  return value === null ? 'null' : typeof value;
}

function checkUrl(product: string, name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(product, `option "${name}" is not an absolute URL.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw configError(product, `option "${name}" must not contain credentials.`);
  }
  if (url.search !== '' || url.hash !== '') {
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

function readTrustedOrigins(product: string, value: unknown): string[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || value.some((origin) => typeof origin !== 'string')) {
    throw configError(product, 'option "trustedOrigins" must be an array of origin strings.');
  }
  return value.map((origin: string) => {
    const url = checkUrl(product, 'trustedOrigins', origin);
    if (url.pathname !== '/') {
      throw configError(
        product,
        `option "trustedOrigins" takes origins only; got a path in ${url.origin}.`,
      );
    }
    return url.origin;
  });
}

function encodeBasic(id: string, secret: string): string {
  const bytes = new TextEncoder().encode(`${id}:${secret}`);
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return `Basic ${btoa(binary)}`;
}

function checkDefinition(definition: ProductDefinition): string {
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

function checkStore(product: string, store: unknown): TokenStore {
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

function readHeaders(product: string, value: unknown): Record<string, string> {
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
    headers[name] = headerValue;
  }
  return headers;
}

/**
 * Checks every option at construction and applies the defaults. Throws a
 * `CONFIG` error naming the offending option; a message never repeats a
 * secret value.
 */
export function resolveOptions(
  definition: ProductDefinition,
  rawOptions: AuthOptions & Record<string, unknown>,
): ResolvedOptions {
  const product = checkDefinition(definition);
  if (typeof rawOptions !== 'object' || rawOptions === null) {
    throw configError(product, 'options must be an object.');
  }
  const options = rawOptions as Record<string, unknown>;
  for (const name of REQUIRED) {
    const value = options[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw configError(product, `option "${name}" is required and must be a non-empty string.`);
    }
  }
  const { clientId, clientSecret, username, password } = rawOptions;
  const url = checkUrl(product, 'baseUrl', rawOptions.baseUrl);
  const baseUrl = url.href.replace(/\/+$/, '');

  // The form-encoded password is how it travels; redact that spelling as well.
  const secrets = [
    clientSecret,
    password,
    new URLSearchParams({ p: password }).toString().slice(2),
  ];
  let basicHeader: string;
  const basicAuth = options.basicAuth;
  if (basicAuth === undefined) {
    basicHeader = encodeBasic(clientId, clientSecret);
  } else {
    const pair = basicAuth as Record<string, unknown> | null;
    if (
      typeof pair !== 'object' ||
      pair === null ||
      typeof pair.id !== 'string' ||
      typeof pair.secret !== 'string'
    ) {
      throw configError(product, 'option "basicAuth" must be { id: string, secret: string }.');
    }
    basicHeader = encodeBasic(pair.id, pair.secret);
    secrets.push(pair.secret);
  }
  secrets.push(basicHeader, basicHeader.slice('Basic '.length));

  const tokenHeaders: Record<string, string> = { ...readHeaders(product, options.headers) };
  for (const [optionName, headerName] of Object.entries(definition.optionHeaders ?? {})) {
    const value = options[optionName];
    if (value === undefined) {
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw configError(product, `option "${optionName}" must be a non-empty string when given.`);
    }
    // Cookies and API keys are credentials too.
    tokenHeaders[headerName] = value;
    secrets.push(value);
  }
  // Set last so no extra header can replace what the protocol needs.
  tokenHeaders.Authorization = basicHeader;
  tokenHeaders['Content-Type'] = 'application/x-www-form-urlencoded';
  tokenHeaders.Accept = 'application/json';
  tokenHeaders['User-Agent'] = buildUserAgent(product, String(definition.version));

  const form = new URLSearchParams({ username, password, grant_type: 'password' });
  if (definition.sendsClientId !== false) {
    form.set('clientId', clientId);
  }

  const fetchOption = options.fetch;
  if (fetchOption !== undefined && typeof fetchOption !== 'function') {
    throw configError(product, 'option "fetch" must be a function.');
  }
  const clock = options.clock ?? Date;
  if (typeof (clock as { now?: unknown }).now !== 'function') {
    throw configError(product, 'option "clock" must have a now() method.');
  }
  const storeGiven = options.store !== undefined;
  const store = storeGiven
    ? checkStore(product, options.store)
    : createMemoryStore({ clock: clock as { now(): number } });

  const timeoutMs = readInteger(product, options, 'timeoutMs', 1, LONGEST_TIMER);
  const retries = readInteger(product, options, 'retries', 0, 10);
  const refreshWindowMs = readInteger(product, options, 'refreshWindowMs', 0, LONGEST_TIMER);
  const maxConsecutiveFailures = readInteger(product, options, 'maxConsecutiveFailures', 1, 100);
  const retryDelayMs = readInteger(product, options, 'retryDelayMs', 0, LONGEST_TIMER);
  const maxRetryDelayMs = readInteger(product, options, 'maxRetryDelayMs', 0, LONGEST_TIMER);
  const lockTtlMs =
    options.lockTtlMs === undefined
      ? defaultLockTtl(timeoutMs, retries, maxRetryDelayMs)
      : checkInteger(product, 'lockTtlMs', options.lockTtlMs, 100, LONGEST_TIMER);

  const resolved: ResolvedOptions = {
    product,
    baseUrl,
    bearerOrigins: new Set([url.origin, ...readTrustedOrigins(product, options.trustedOrigins)]),
    tokenUrl: `${baseUrl}/oauth/token`,
    clientId,
    username,
    tokenHeaders,
    tokenBody: form.toString(),
    timeoutMs,
    retries,
    refreshWindowMs,
    maxConsecutiveFailures,
    retryDelayMs,
    maxRetryDelayMs,
    lockTtlMs,
    maxLifetimeMs: definition.maxLifetimeMs,
    store,
    storeGiven,
    fetch: fetchOption as typeof globalThis.fetch | undefined,
    clock: clock as { now(): number },
    secrets: [...new Set(secrets.filter((secret) => secret !== ''))],
  };
  return resolved;
}
