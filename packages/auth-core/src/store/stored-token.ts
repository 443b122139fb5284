import type { AccessToken } from '../access-token.js';
import { LONGEST_LIFETIME_MS } from '../token-request/parse-token-response.js';
import { TOKEN_RESPONSE_BYTE_LIMIT } from '../token-request/token-request.js';
import { isHeaderSafeToken, isHeaderValue } from '../util/header-safety.js';

/** A token as a store holds it: opaque JSON, with what the lifecycle needs to serve it. */
export interface StoredToken {
  token: AccessToken;
  /** When it was requested (epoch milliseconds), which sizes its refresh window. */
  issuedAt: number;
  /** The binding of the credentials that obtained it. */
  binding: string;
}

/** What a stored token is checked against. */
export interface StoredTokenLimits {
  /** The reading process's clock, epoch milliseconds. */
  now: number;
  /** The product's longest trusted lifetime (`maxLifetimeMs`), if shorter than a day. */
  maxLifetimeMs: number | undefined;
}

// A binding is 32 bytes of HMAC in unpadded base64url.
const BINDING = /^[\w-]{43}$/;

/** The store value of a token. */
export function serializeToken(stored: StoredToken): string {
  return JSON.stringify({ ...stored.token, issuedAt: stored.issuedAt, binding: stored.binding });
}

/**
 * Reads a store value back, checked as a token from the wire is: a
 * header-safe, non-empty access token of sane size, an issue time before its
 * expiry, what is left of its lifetime within the product's cap (and a day),
 * not yet expired, and a binding. Anything else is a miss (`undefined`): a fresh request
 * replaces it, and no error ever comes of a stored value.
 */
export function parseStoredToken(
  raw: string | undefined,
  limits: StoredTokenLimits,
): StoredToken | undefined {
  if (raw === undefined || raw.length > TOKEN_RESPONSE_BYTE_LIMIT) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  const { accessToken, tokenType, expiresAt, issuedAt, binding, refreshToken, scope } = record;
  const longest = Math.min(limits.maxLifetimeMs ?? LONGEST_LIFETIME_MS, LONGEST_LIFETIME_MS);
  if (
    typeof accessToken !== 'string' ||
    !isHeaderSafeToken(accessToken) ||
    typeof tokenType !== 'string' ||
    !isHeaderValue(tokenType) ||
    typeof binding !== 'string' ||
    !BINDING.test(binding) ||
    typeof expiresAt !== 'number' ||
    typeof issuedAt !== 'number' ||
    !Number.isFinite(issuedAt) ||
    !(issuedAt <= expiresAt) ||
    // What is left of it must fit the product's cap: the issue time is taken when the request
    // left, the expiry when the answer came, so the two may be further apart than the cap.
    expiresAt - limits.now > longest ||
    expiresAt <= limits.now ||
    !(refreshToken === undefined || typeof refreshToken === 'string') ||
    !(scope === undefined || typeof scope === 'string')
  ) {
    return undefined;
  }
  const token: AccessToken = { accessToken, tokenType, expiresAt };
  if (refreshToken !== undefined) token.refreshToken = refreshToken;
  if (scope !== undefined) token.scope = scope;
  return { token: Object.freeze(token), issuedAt, binding };
}
