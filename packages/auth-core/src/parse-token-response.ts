import * as v from 'valibot';
import type { AccessToken } from './access-token.js';
import type { ProductDefinition, RejectionDetails, TokenOutcome } from './product-definition.js';
import { pickRejectionDetails } from './redact.js';

/**
 * Runs a parsed JSON body through the product's response shapes in order;
 * the first that matches decides. A body that says it is a refusal (an
 * `error` or `error_description`, or a `resultCode` other than 200) is a
 * rejection whatever else it holds: a refusal is recognised by what it says,
 * never by a missing token. A token must be a non-empty, header-safe string
 * with a positive lifetime, capped at the product's `maxLifetimeMs`. When no
 * shape matches, the outcome lists each shape's failing paths with the
 * expected types.
 */
export function parseTokenResponse(
  definition: ProductDefinition,
  body: unknown,
  now: number,
): TokenOutcome {
  const refusal = refusalOf(body);
  if (refusal !== undefined) {
    return { type: 'rejection', details: refusal };
  }
  const failures: string[] = [];
  for (const shape of definition.responses) {
    const result = v.safeParse(shape.schema, body);
    if (!result.success) {
      failures.push(
        `${shape.name}: ${result.issues.map((issue) => describeIssue(issue, shape.schema)).join(', ')}`,
      );
      continue;
    }
    const outcome = shape.toOutcome(result.output, { now });
    if (outcome.type === 'token') {
      return checkToken(outcome.token, now, definition.maxLifetimeMs);
    }
    return outcome;
  }
  return { type: 'invalid', paths: failures };
}

// What a bearer token may hold to travel in an Authorization header unchanged:
// visible ASCII, no spaces (RFC 6750's token68 and every JWT fit).
const HEADER_SAFE_TOKEN = /^[\x21-\x7E]+$/;

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
  now: number,
  maxLifetimeMs: number | undefined,
): TokenOutcome {
  if (typeof token.accessToken !== 'string' || token.accessToken === '') {
    return { type: 'invalid', paths: ['accessToken (expected a non-empty string)'] };
  }
  if (!HEADER_SAFE_TOKEN.test(token.accessToken)) {
    return {
      type: 'invalid',
      paths: ['accessToken (expected visible ASCII without spaces, as a header carries it)'],
    };
  }
  if (!Number.isFinite(token.expiresAt) || token.expiresAt <= now) {
    return { type: 'invalid', paths: ['expiry (expected a positive lifetime)'] };
  }
  const expiresAt =
    maxLifetimeMs === undefined ? token.expiresAt : Math.min(token.expiresAt, now + maxLifetimeMs);
  return { type: 'token', token: Object.freeze({ ...token, expiresAt }) };
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
