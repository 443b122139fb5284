/**
 * Every `code` an {@link EnkashAuthError} can carry. The values are stable:
 * match on them, never on messages.
 */
export const ERROR_CODES = {
  /** An option is missing, empty, of the wrong type or nonsensical. Fix the configuration. */
  CONFIG: 'CONFIG',
  /** EnKash refused the credentials (HTTP 4xx other than 408/429, or a product-level refusal). Never retried. */
  REJECTED: 'REJECTED',
  /** The lockout guard refused to try again without touching the network; call `resetLockout()` once the credentials are fixed. */
  LOCKOUT_GUARD: 'LOCKOUT_GUARD',
  /**
   * EnKash answered, but the body is not JSON, does not match the product's schema,
   * is larger than 1 MiB once decoded, or carries an access token that is not
   * header-safe (visible ASCII, no spaces). Never retried.
   */
  INVALID_RESPONSE: 'INVALID_RESPONSE',
  /**
   * EnKash answered with a retryable HTTP status (408, 429, 5xx) on every attempt,
   * or, not retried, with a redirect or another unexpected status: the token
   * request never follows a redirect.
   */
  HTTP: 'HTTP',
  /** The request never got an answer: DNS, connection refused or reset. */
  NETWORK: 'NETWORK',
  /**
   * A token request took longer than `timeoutMs` on every attempt, or an API
   * answer through `client` or `fetch` longer than `apiTimeoutMs`.
   */
  TIMEOUT: 'TIMEOUT',
  /**
   * The shared store could not tell the fleet's count of failed attempts, and
   * sending a token request could have locked the account (`storeOutage:
   * 'refuse'`, or this process had already seen a refusal); or
   * `resetLockout()` could not record the reset in it. A valid cached token is
   * still served; try again once the store answers.
   */
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  /** The caller's `AbortSignal` fired. */
  ABORTED: 'ABORTED',
  /**
   * An API payload could not be encrypted or decrypted: bad Base64, bad
   * padding, the wrong key, no JSON after decryption, or a value
   * `JSON.stringify` refuses; or an encrypting product's 2xx JSON answer was
   * larger than `maxResponseBytes`. The error never holds the payload or the key.
   */
  PAYLOAD: 'PAYLOAD',
} as const;

/** One of the stable {@link ERROR_CODES}. */
export type EnkashAuthErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
