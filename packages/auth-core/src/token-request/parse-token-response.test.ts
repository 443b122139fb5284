import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storedRefusals } from '../../test-support/attempt-count.js';
import {
  camelThenSnakeDefinition,
  eitherShapeDefinition,
  resultCodeDefinition,
  strictOAuthDefinition,
} from '../../test-support/definitions.js';
import type { AccessToken } from '../access-token.js';
import { createAuth } from '../create-auth.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { constructIn, createAccountRegistry } from '../lifecycle/account-registry.js';
import type { ProductDefinition } from '../product/product-definition.js';
import { createMemoryStore } from '../store/memory-store.js';
import { deriveStoreKey } from '../store/store-key.js';

// Property-based: at least 10,000 generated bodies per product shape go
// through the real parse path (createAuth → token request → JSON → shapes →
// lifecycle → lockout guard), answered by an in-memory `fetch` so that
// 40,000 bodies take seconds. Replay a failure with FAST_CHECK_SEED=<seed>.
const RUNS = 10_000;
const SEED = Number(process.env.FAST_CHECK_SEED ?? Math.floor(Math.random() * 2 ** 31));
const HEADER_SAFE = /^[\x21-\x7E]+$/;
const TRANSIENT = new Set([408, 429, 500, 502, 503]);

/** One answer of the token endpoint: a status and the body text. */
interface Answer {
  status: number;
  text: string;
}

const huge = fc.constantFrom(1e20, 1e308, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1);
const odd = fc.oneof(
  fc.constant(null),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.integer().map(String),
  huge,
  fc.integer({ min: -1_000_000, max: 0 }),
  fc.double(),
  fc.boolean(),
  fc.constant(''),
  fc.constant([]),
  fc.constant({}),
);
const tokenValue = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~+/-]{1,40}=*$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }) },
);
const optionalText = fc.option(fc.oneof(fc.string({ maxLength: 12 }), fc.constant(null)), {
  nil: undefined,
});

/** Valid bodies of a shape, then near-valid ones: a field made odd, removed, or extra keys. */
function bodies(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  const nearValid = fc
    .tuple(
      valid,
      fc.nat(),
      odd,
      fc.boolean(),
      fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), odd, { maxKeys: 3 }),
    )
    .map(([body, pick, value, remove, extra]) => {
      const keys = Object.keys(body);
      const key = keys[pick % Math.max(1, keys.length)] ?? 'x';
      const changed: Record<string, unknown> = { ...extra, ...body };
      if (remove) delete changed[key];
      else changed[key] = value;
      return changed;
    });
  const garbage = fc.oneof(fc.jsonValue(), fc.anything());
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 5, arbitrary: nearValid },
    { weight: 2, arbitrary: garbage },
  );
}

const withoutUndefined = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));

const camelCaseBodies = bodies(
  fc
    .record({
      accessToken: tokenValue,
      expiresIn: fc.integer({ min: 1, max: 86_400 }),
      tokenType: optionalText,
      refreshToken: optionalText,
      scope: optionalText,
    })
    .map(withoutUndefined),
);
const snakeCaseBodies = (required: boolean) =>
  bodies(
    fc
      .record({
        access_token: tokenValue,
        expires_in: fc.integer({ min: 1, max: 86_400 }),
        token_type: required ? fc.string({ maxLength: 12 }) : optionalText,
        refresh_token: required ? fc.string({ maxLength: 12 }) : optionalText,
        scope: required ? fc.string({ maxLength: 12 }) : optionalText,
      })
      .map(withoutUndefined),
  );
const expenseBodies = bodies(
  fc
    .record({
      token: fc.option(tokenValue, { nil: null }),
      expiry: fc.option(fc.integer({ min: 1, max: 600_000 }), { nil: null }),
      resultCode: fc.constantFrom(200, 200, 200, 401, 500),
      resultMessage: optionalText,
    })
    .map(withoutUndefined),
);

/** What the endpoint answers: mostly HTTP 200, then statuses of every kind; mostly JSON, sometimes raw text. */
function answers(body: fc.Arbitrary<unknown>, now: () => number): fc.Arbitrary<Answer> {
  const status = fc.oneof(
    { weight: 8, arbitrary: fc.constant(200) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(201, 300, 302, 400, 401, 403, 404, 408, 429, 500, 502, 503),
    },
  );
  const text = fc.oneof(
    { weight: 9, arbitrary: body.map((value) => JSON.stringify(value) ?? '') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  );
  // expense's expiry is absolute: shift the generated offsets to the clock.
  return fc.record({ status, text }).map((answer) => ({
    ...answer,
    text: answer.text.replace(
      /"expiry":(\d+)/,
      (_, offset: string) => `"expiry":${now() + Number(offset) - 300_000}`,
    ),
  }));
}

async function checkShape(
  label: string,
  definition: ProductDefinition,
  body: fc.Arbitrary<unknown>,
): Promise<void> {
  let now = Date.UTC(2026, 0, 1);
  const clock = { now: () => now };
  let next: Answer = { status: 200, text: '' };
  const store = createMemoryStore();
  const registry = createAccountRegistry();
  const options = {
    baseUrl: `https://${definition.product}.example.com`,
    clientId: 'fuzz-client',
    clientSecret: 'fuzz-client-secret',
    username: 'fuzz@example.com',
    password: 'fuzz-password',
    apiKey: 'fuzz-api-key',
    retries: 0,
    maxConsecutiveFailures: 2,
    clock,
    store,
    fetch: async () =>
      new Response(next.text, {
        status: next.status,
        headers: { 'content-type': 'application/json' },
      }),
  };
  const auth = constructIn(registry, () => createAuth(definition, options));
  const accountKey = await deriveStoreKey({
    product: definition.product,
    baseUrl: options.baseUrl,
    clientId: options.clientId,
    username: options.username,
  });
  const tally = { tokens: 0, counted: 0, transient: 0, dead: 0 };

  await fc.assert(
    fc.asyncProperty(answers(body, clock.now), async (answer) => {
      now += 1_000;
      next = answer;
      if ((await storedRefusals(store, accountKey)) > 0) await auth.resetLockout();
      const before = await storedRefusals(store, accountKey);
      let token: AccessToken | undefined;
      let failure: unknown;
      try {
        token = await auth.getToken({ forceRefresh: true });
      } catch (error) {
        failure = error;
      }
      const after = await storedRefusals(store, accountKey);
      if (token !== undefined) {
        tally.tokens += 1;
        expect(token.accessToken).toMatch(HEADER_SAFE);
        expect(Number.isFinite(token.expiresAt)).toBe(true);
        expect(token.expiresAt).toBeGreaterThan(now);
        expect(after).toBe(0);
        return;
      }
      // Nothing but an EnkashAuthError escapes.
      expect(EnkashAuthError.isInstance(failure)).toBe(true);
      if (TRANSIENT.has(answer.status)) {
        tally.transient += 1;
        expect(after).toBe(before);
      } else if (isDeadToken(failure)) {
        // EnKash logged the user in: never a failure, whatever the token's lifetime.
        tally.dead += 1;
        expect(after).toBe(0);
      } else {
        tally.counted += 1;
        expect(after).toBe(before + 1);
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
  console.info(
    `fast-check ${label}: ${RUNS} bodies, seed ${SEED}: ${tally.tokens} tokens, ${tally.counted} counted failures, ${tally.transient} transient, ${tally.dead} dead on arrival`,
  );
  expect(tally.tokens + tally.counted + tally.transient + tally.dead).toBe(RUNS);
  // Both kinds occur in numbers: the generators reach tokens and failures alike.
  expect(tally.tokens).toBeGreaterThan(RUNS / 50);
  expect(tally.counted).toBeGreaterThan(RUNS / 10);
}

/** A success whose token was dead on arrival by the server's own clock. */
function isDeadToken(error: unknown): boolean {
  return (
    EnkashAuthError.isInstance(error) &&
    error.code === 'INVALID_RESPONSE' &&
    error.message.includes('had already expired')
  );
}

// Generous: 10,000 requests through ky per case; a loaded machine may be several times slower.
const CASE_TIMEOUT_MS = 300_000;

describe('generated token bodies through the real parse path', () => {
  it(
    'camelCase (payouts, BBPS: then snake_case)',
    () => checkShape('camelCase', camelThenSnakeDefinition, camelCaseBodies),
    CASE_TIMEOUT_MS,
  );
  it(
    'snake_case (cards: then camelCase)',
    () => checkShape('snake_case', eitherShapeDefinition, snakeCaseBodies(false)),
    CASE_TIMEOUT_MS,
  );
  it(
    'strict snake_case (rewards: all five fields)',
    () => checkShape('rewards', strictOAuthDefinition, snakeCaseBodies(true)),
    CASE_TIMEOUT_MS,
  );
  it(
    'expense (resultCode, absolute expiry)',
    () => checkShape('expense', resultCodeDefinition, expenseBodies),
    CASE_TIMEOUT_MS,
  );
});
