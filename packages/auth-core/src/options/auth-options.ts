import type { CredentialProvider } from '../credentials/credential-provider.js';
import type { EnkashAuthLogger } from '../observe/logger.js';
import type { TokenStore } from '../store/token-store.js';

/** Options of the API calls made through `client` and `fetch`; every product takes them. */
export interface PayloadEncryptionOptions {
  /**
   * Encrypt JSON request bodies into `{"request": "<ciphertext>"}` and decrypt
   * such responses (AES-128-ECB, see {@link encryptPayload}). Default: on for
   * payouts, cards and rewards, off for bbps and expense.
   */
  encryption?: boolean | undefined;
  /**
   * The secret the payload key is derived from. Default: `clientSecret`;
   * when that is a provider, the value it yielded for the latest token
   * request (before the first one, the provider is read without sending
   * anything).
   */
  encryptionKey?: string | undefined;
  /**
   * The deadline, in milliseconds, for what the SDK reads of one API answer
   * through `client` and `fetch`: its headers, and the body it opens when it
   * looks for an envelope. Past it the call fails with `TIMEOUT`. `client`'s
   * own (ky) timeout follows it. Default 30 000.
   */
  apiTimeoutMs?: number | undefined;
  /**
   * The most the SDK reads of one API answer, in bytes once decoded: an
   * encrypting product's JSON object answer larger than this fails with
   * `PAYLOAD` (a non-2xx one is handed on as it is), and the SDK stops
   * reading. Default 16 777 216 (16 MiB).
   */
  maxResponseBytes?: number | undefined;
}

/** Options every product factory takes. Secrets enter here and leave only as a header or form field. */
export interface AuthOptions extends PayloadEncryptionOptions {
  /** Product base URL: https, or plain http only to localhost, 127.0.0.1 or [::1]. A path is a prefix. */
  baseUrl: string;
  /** The OAuth client id EnKash issued (also the body's `clientId` for every product but expense). */
  clientId: string;
  /**
   * The OAuth client secret; with `clientId` it forms the Basic pair unless
   * `basicAuth` is given. Or a {@link CredentialProvider} that yields it,
   * called each time a token request is about to be made.
   */
  clientSecret: string | CredentialProvider;
  /** The EnKash user: registered e-mail or mobile number, per product. */
  username: string;
  /**
   * The EnKash user's password, or a {@link CredentialProvider} that yields
   * it, called each time a token request is about to be made (never for a
   * cached token). After a refusal the provider is asked once more: a
   * changed value is tried once, within the lockout guard's count.
   */
  password: string | CredentialProvider;
  /** The Basic pair when it is not `clientId:clientSecret`. */
  basicAuth?: { id: string; secret: string } | undefined;
  /** Extra headers on the token request. Values of tab, space and visible ASCII only (no CR, LF or NUL), else `CONFIG`. */
  headers?: Record<string, string> | undefined;
  /**
   * Deadline of one attempt in milliseconds, covering the response headers
   * and the whole body. Default 10 000.
   */
  timeoutMs?: number | undefined;
  /** Extra attempts after network errors, timeouts, 408, 429 and 5xx. Default 2. A rejection is never retried. */
  retries?: number | undefined;
  /** Refresh this long before expiry. Default 60 000, never more than half the token's lifetime. */
  refreshWindowMs?: number | undefined;
  /**
   * Consecutive rejections after which the lockout guard refuses to try: 1
   * or 2 (EnKash locks the account at its 3rd). Default 2.
   */
  maxConsecutiveFailures?: number | undefined;
  /**
   * What a token request does while the shared store (`store.shared`) does
   * not answer, so the fleet's count of failed attempts cannot be read.
   * `'proceed'` (default): each process still sends, one request at a time
   * and none once it has seen a refusal, so a right password keeps working;
   * with N processes at most N refused attempts reach EnKash during the
   * outage. `'refuse'`: no token request is sent; the call rejects with
   * `STORE_UNAVAILABLE` (a valid cached token is still served), so nothing
   * reaches EnKash whatever the number of processes.
   */
  storeOutage?: 'proceed' | 'refuse' | undefined;
  /**
   * Where the SDK logs: token requests at `debug`, retries, refusals, store
   * faults and failed background refreshes at `warn`, a tripped guard at
   * `error`. Every message and field passes through the redactor, so no
   * secret or token can reach it. `console` works as is. Without one, and
   * with `ENKASH_AUTH_DEBUG=1` in the environment (Node), the SDK logs every
   * event to stderr by itself; otherwise it prints nothing.
   *
   * @example
   * ```ts
   * createPayoutsAuth({ ...credentials, logger: console });
   * ```
   */
  logger?: EnkashAuthLogger | undefined;
  /**
   * Origins besides `baseUrl`'s that `client` and `fetch` may send the bearer
   * token to, e.g. `['https://pay-uat.enkash.in']` for the card APIs, whose
   * host differs from the token endpoint's. Any other origin is refused with
   * `CONFIG`, so a URL taken from a response can never carry the token away.
   */
  trustedOrigins?: readonly string[] | undefined;
  /** Where tokens and the failure count live. Default: in-memory. */
  store?: TokenStore | undefined;
  /** Transport override, e.g. for a proxy or instrumentation. Default: `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Base delay of the exponential backoff between attempts, in milliseconds
   * (full jitter: each delay is random between 0 and base * 2^attempt). Default 250.
   */
  retryDelayMs?: number | undefined;
  /** Longest single backoff delay, and the cap on a server's `Retry-After`, in milliseconds. Default 30 000. */
  maxRetryDelayMs?: number | undefined;
  /**
   * With a shared store (`store.shared`): how long, in milliseconds, a
   * process may hold the fleet-wide lock while it requests a token. A crashed
   * holder blocks the others at most this long; then the next process takes
   * over. A waiter whose holder has neither finished nor let the lock go
   * after `lockTtlMs + timeoutMs` (measured with `clock`) stops waiting and
   * requests its own token, still counted by the lockout guard. Default:
   * enough for every attempt and backoff
   * (`timeoutMs * (retries + 1) + maxRetryDelayMs * retries + 1000`), capped
   * at 30 000. From 100 to 2 147 483 647.
   *
   * @example
   * ```ts
   * // A crashed process stalls the fleet for 15 s at most.
   * createPayoutsAuth({ ...credentials, store: redisStore, lockTtlMs: 15_000 });
   * ```
   */
  lockTtlMs?: number | undefined;
  /**
   * The clock token lifetimes are measured against, in epoch milliseconds.
   * For tests: lets them cross a refresh window or an expiry without sleeping.
   * Default `Date`.
   */
  clock?:
    | {
        /** The current time in epoch milliseconds. */
        now(): number;
      }
    | undefined;
}

/** Options of {@link EnkashAuth.getToken} and {@link EnkashAuth.getAuthorizationHeader}. */
export interface GetTokenOptions {
  /** Ignore the cached token and request a new one. */
  forceRefresh?: boolean | undefined;
  /** Stops waiting for the token; the shared request goes on for other callers. */
  signal?: AbortSignal | undefined;
}

/**
 * The names of a product's own options: those of `TOptions` that
 * {@link AuthOptions} lacks (cards `cookie` and `partnerId`, expense `apiKey`).
 */
export type ProductOptionName<TOptions extends AuthOptions> = Exclude<
  keyof TOptions,
  keyof AuthOptions
> &
  string;
