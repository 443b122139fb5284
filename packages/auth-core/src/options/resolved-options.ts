import type { PayloadCipher } from '../api/payload-cipher.js';
import type { CredentialSources } from '../credentials/credential-provider.js';
import type { EnkashAuthLogger } from '../observe/logger.js';
import type { TokenStore } from '../store/token-store.js';

/** The integer options, checked, with the two durations that follow from them. */
export interface Timings {
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
}

/** Options after validation, with defaults applied. The only holder of the secrets. */
export interface ResolvedOptions extends Timings {
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
  /** What the guard does while a shared store is unreachable. */
  storeOutage: 'proceed' | 'refuse';
  /** Where events are logged: option `logger`, else stderr with `ENKASH_AUTH_DEBUG=1`, else nowhere. */
  logger: EnkashAuthLogger | undefined;
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

/** What the bearer client needs besides the token: its cipher, headers, bounds and the key to redact. */
export interface ApiSettings {
  /** `apiTimeoutMs`, checked. */
  timeoutMs: number;
  /** `maxResponseBytes`, checked. */
  maxResponseBytes: number;
  /** Present when payloads are encrypted. */
  cipher: PayloadCipher | undefined;
  /** Headers of every API call, from the definition's `apiOptionHeaders`. */
  headers: Readonly<Record<string, string>>;
  /**
   * The encryption key, a secret to redact like the others; `undefined` when
   * it follows a `clientSecret` provider (each request's secrets are redacted already).
   */
  encryptionKey: string | undefined;
}
