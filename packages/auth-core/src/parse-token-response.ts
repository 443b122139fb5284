import * as v from 'valibot';
import type { AccessToken } from './access-token.js';
import type { ProductDefinition, TokenOutcome } from './product-definition.js';

/** The type a schema expects at `path`, read from valibot's `expects` of nested object entries. */
function expectedAt(schema: unknown, path: readonly unknown[]): string | undefined {
  let current = schema as { entries?: Record<string, unknown>; expects?: unknown } | undefined;
  for (const key of path) {
    current = current?.entries?.[String(key)] as typeof current;
  }
  return typeof current?.expects === 'string' ? current.expects : undefined;
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

function checkToken(
  token: AccessToken,
  now: number,
  maxLifetimeMs: number | undefined,
): TokenOutcome {
  if (typeof token.accessToken !== 'string' || token.accessToken === '') {
    return { type: 'invalid', paths: ['accessToken (expected a non-empty string)'] };
  }
  if (!Number.isFinite(token.expiresAt) || token.expiresAt <= now) {
    return { type: 'invalid', paths: ['expiry (expected a positive lifetime)'] };
  }
  const expiresAt =
    maxLifetimeMs === undefined ? token.expiresAt : Math.min(token.expiresAt, now + maxLifetimeMs);
  return { type: 'token', token: Object.freeze({ ...token, expiresAt }) };
}

/**
 * Runs a parsed JSON body through the product's response shapes in order;
 * the first that matches decides. A token must have a positive lifetime and
 * is capped at the product's `maxLifetimeMs`. When no shape matches, the
 * outcome lists each shape's failing paths with the expected types.
 */
export function parseTokenResponse(
  definition: ProductDefinition,
  body: unknown,
  now: number,
): TokenOutcome {
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
