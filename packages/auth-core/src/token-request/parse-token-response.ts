import * as v from 'valibot';
import type { AccessToken } from '../access-token.js';
import { pickRejectionDetails } from '../errors/rejection-details.js';
import type { ProductDefinition, RejectionDetails } from '../product/product-definition.js';
import { isHeaderSafeToken } from '../util/header-safety.js';

/** A lifetime the core did not use as the server gave it. */
export interface LifetimeClamp {
  /** The lifetime the server gave, in milliseconds (by its `Date` when it sent one). */
  lifetimeMs: number;
  /** The lifetime used. */
  usedMs: number;
}

/** What a token response body comes to. */
export type ParsedTokenResponse =
  | { type: 'token'; token: AccessToken; clamped?: LifetimeClamp }
  | { type: 'rejection'; details: RejectionDetails }
  | { type: 'invalid'; paths: readonly string[] }
  /** A body that says success, with a token whose lifetime, by the server's own clock, is over. */
  | { type: 'dead-token' };

/** When a token response was read: the host's clock, and the server's `Date` when valid. */
export interface ResponseTimes {
  /** The host's clock (the auth's `clock`), epoch milliseconds. */
  now: number;
  /** The response's `Date` header, epoch milliseconds, when it had a valid one. */
  serverNow?: number | undefined;
}

/** No token is trusted for longer than a day, whatever the server says. */
export const LONGEST_LIFETIME_MS = 86_400_000;
/** How long a token whose lifetime cannot be trusted is used. */
export const UNTRUSTED_LIFETIME_MS = 60_000;

/**
 * Runs a parsed JSON body through the product's response shapes in order;
 * the first that matches decides. A body that says it is a refusal (an
 * `error` or `error_description`, or a `resultCode` other than 200) is a
 * rejection whatever else it holds: a refusal is recognised by what it says,
 * never by a missing token. A token must be a non-empty, header-safe string.
 *
 * Its lifetime is read in the server's time: an absolute expiry (expense's
 * epoch milliseconds) against the response's `Date` when it has one, so a
 * host clock that is off changes nothing. A lifetime over a day is cut to a
 * day, one over the product's `maxLifetimeMs` to that (both reported in
 * `clamped`, the product's own cap excepted). A body that says success is
 * never a failure: an absolute expiry already past by the host clock with no
 * `Date` to read it against cannot be trusted and is used for 60 s
 * (reported); a lifetime the server itself says is over is `dead-token`.
 * When no shape matches, the outcome lists each shape's failing paths with
 * the expected types.
 */
export function parseTokenResponse(
  definition: ProductDefinition,
  body: unknown,
  times: ResponseTimes,
): ParsedTokenResponse {
  const refusal = refusalOf(body);
  if (refusal !== undefined) {
    return { type: 'rejection', details: refusal };
  }
  const failures: string[] = [];
  // The shapes compute the expiry in the server's time when it told it.
  const serverNow = times.serverNow ?? times.now;
  for (const shape of definition.responses) {
    const result = v.safeParse(shape.schema, body);
    if (!result.success) {
      failures.push(
        `${shape.name}: ${result.issues.map((issue) => describeIssue(issue, shape.schema)).join(', ')}`,
      );
      continue;
    }
    const outcome = shape.toOutcome(result.output, { now: serverNow });
    if (outcome.type === 'token') {
      return checkToken(outcome.token, shape.absoluteExpiry === true, times, definition);
    }
    return outcome;
  }
  return { type: 'invalid', paths: failures };
}

/** The allowlisted details of a body that says it is a refusal, else `undefined`. */
function refusalOf(body: unknown): RejectionDetails | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return undefined;
  }
  const details = pickRejectionDetails(body);
  const saysError = details.error !== undefined || details.error_description !== undefined;
  const failingCode = details.resultCode !== undefined && details.resultCode !== 200;
  return saysError || failingCode ? details : undefined;
}

function checkToken(
  token: AccessToken,
  absoluteExpiry: boolean,
  times: ResponseTimes,
  definition: ProductDefinition,
): ParsedTokenResponse {
  if (typeof token.accessToken !== 'string' || token.accessToken === '') {
    return { type: 'invalid', paths: ['accessToken (expected a non-empty string)'] };
  }
  if (!isHeaderSafeToken(token.accessToken)) {
    return {
      type: 'invalid',
      paths: ['accessToken (expected visible ASCII without spaces, as a header carries it)'],
    };
  }
  if (typeof token.expiresAt !== 'number' || Number.isNaN(token.expiresAt)) {
    return { type: 'invalid', paths: ['expiry (expected a number)'] };
  }
  const lifetimeMs = token.expiresAt - (times.serverNow ?? times.now);
  let usedMs = lifetimeMs;
  if (!(lifetimeMs > 0)) {
    // Only an absolute expiry read on the host's clock can be wrong for want of the server's.
    if (!absoluteExpiry || times.serverNow !== undefined) return { type: 'dead-token' };
    usedMs = UNTRUSTED_LIFETIME_MS;
  }
  usedMs = Math.min(usedMs, LONGEST_LIFETIME_MS);
  const capped = Math.min(usedMs, definition.maxLifetimeMs ?? usedMs);
  const expiresAt = times.now + capped;
  const frozen = Object.freeze({ ...token, expiresAt });
  return usedMs === lifetimeMs
    ? { type: 'token', token: frozen }
    : { type: 'token', token: frozen, clamped: { lifetimeMs, usedMs: capped } };
}

/**
 * Describes one valibot issue by path and expected type only. valibot's own
 * messages quote the received value, which could be a token or an echoed
 * password, so they are never used.
 */
function describeIssue(issue: v.BaseIssue<unknown>, schema: unknown): string {
  const keys = issue.path?.map((item) => item.key) ?? [];
  const path = keys.map(String).join('.');
  // A missing key's issue names the key as "expected": report the entry's type instead.
  const missing = issue.received === 'undefined' && issue.type === 'object';
  const expected = missing
    ? `${expectedAt(schema, keys) ?? 'a value'}, missing`
    : (issue.expected ?? issue.type);
  return `${path === '' ? '(body)' : path} (expected ${expected})`;
}

/** The type a schema expects at `path`, read from valibot's `expects` of nested object entries. */
function expectedAt(schema: unknown, path: readonly unknown[]): string | undefined {
  let current = schema as { entries?: Record<string, unknown>; expects?: unknown } | undefined;
  for (const key of path) {
    current = current?.entries?.[String(key)] as typeof current;
  }
  return typeof current?.expects === 'string' ? current.expects : undefined;
}
