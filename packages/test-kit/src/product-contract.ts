import {
  type AuthOptions,
  type EnkashAuth,
  isEnkashAuthError,
  type ProductDefinition,
} from '@enkash/auth-core';
import * as sharedExports from '@enkash/auth-core/product-exports';
import { forgetAccounts } from '@enkash/auth-core/testing';
import type { Sandbox, SandboxFault, SandboxProduct, SandboxResponseShape } from '@enkash/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectReadmeToShowQuickStart } from './readme-quick-start.js';

/** A documented response body the sandbox can serve, by its sandbox name. */
export type ContractResponseShape = SandboxResponseShape;

/**
 * What every product package exports to catch the API errors `auth.client`
 * throws; the contract checks that it re-exports every other name of
 * `@enkash/auth-core/product-exports` as well.
 */
export interface ProductErrorExports {
  /** ky's `HTTPError`, re-exported by the core. */
  HTTPError: abstract new (
    ...args: never[]
  ) => Error;
  /** ky's guard, matching on `name` too. */
  isHTTPError: (error: unknown) => boolean;
}

/** Options of {@link runProductContract}. */
export interface ProductContractOptions {
  /** The product package's own exports (`import * as product from './index.js'`). */
  productExports: ProductErrorExports;
  /** Starts a sandbox (`startSandbox` from `@enkash/sandbox`). */
  startSandbox: () => Promise<Sandbox>;
  /** Every body shape the product accepts, as the sandbox names them; the first is the default. */
  shapes: readonly [ContractResponseShape, ...ContractResponseShape[]];
  /** Product options to pass besides the core's, e.g. `{ cookie: '...' }`; each must reach the wire as its header. */
  productOptions?: Record<string, string>;
  /** Fields the product requires beyond the token and its lifetime (rewards: all five). */
  alsoRequired?: readonly string[];
}

interface ShapeFields {
  token: string;
  lifetime: string;
  /** A valid lifetime value for this shape at `now`. */
  lifetimeValue: (now: number) => number;
  /** A lifetime value that is already over. */
  expiredValue: (now: number) => number;
  extra: Record<string, unknown>;
}

// Field names of the documented bodies; the values are test data.
const SHAPE_FIELDS: Record<ContractResponseShape, ShapeFields> = {
  camelCase: {
    token: 'accessToken',
    lifetime: 'expiresIn',
    lifetimeValue: () => 300,
    expiredValue: () => -5,
    extra: { tokenType: 'bearer', refreshToken: 'contract-refresh' },
  },
  snake_case: {
    token: 'access_token',
    lifetime: 'expires_in',
    lifetimeValue: () => 300,
    expiredValue: () => 0,
    extra: { token_type: 'bearer', refresh_token: 'contract-refresh', scope: 'read write trust' },
  },
  expense: {
    token: 'token',
    lifetime: 'expiry',
    lifetimeValue: (now) => now + 300_000,
    expiredValue: (now) => now - 1_000,
    extra: { resultCode: 200, resultMessage: 'Token generated successfully.' },
  },
};

const CONTRACT_TOKEN = 'contract-token-value-never-in-errors';

/** Bodies that match none of a shape's rules, named for the test title. */
function malformedBodies(
  shape: ContractResponseShape,
  alsoRequired: readonly string[],
): Array<[string, unknown]> {
  const fields = SHAPE_FIELDS[shape];
  const now = Date.now();
  const valid = {
    ...fields.extra,
    [fields.token]: CONTRACT_TOKEN,
    [fields.lifetime]: fields.lifetimeValue(now),
  };
  const without = (name: string) =>
    Object.fromEntries(Object.entries(valid).filter(([key]) => key !== name));
  return [
    [`no ${fields.token}`, without(fields.token)],
    [`no ${fields.lifetime}`, without(fields.lifetime)],
    [`${fields.token} not a string`, { ...valid, [fields.token]: 12345 }],
    [`${fields.token} empty`, { ...valid, [fields.token]: '' }],
    [`${fields.lifetime} not a number`, { ...valid, [fields.lifetime]: '300' }],
    [`${fields.lifetime} already over`, { ...valid, [fields.lifetime]: fields.expiredValue(now) }],
    ...alsoRequired.map((name): [string, unknown] => [`no ${name}`, without(name)]),
    ['a JSON array', [valid]],
    ['JSON null', null],
  ];
}

const RAW_FAULTS: Array<[string, SandboxFault]> = [
  ['an HTML page', { type: 'html' }],
  ['an empty body', { type: 'empty' }],
  ['truncated JSON', { type: 'truncated-json' }],
];

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** Fails when a secret or the token shows in an error's message, stack or JSON form. */
function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  const error_ = error as Error;
  const surfaces = [error_.message, error_.stack ?? '', JSON.stringify(error)];
  for (const secret of secrets) {
    for (const surface of surfaces) expect(surface).not.toContain(secret);
  }
}

/**
 * Registers the vitest suite every product package passes against the sandbox
 * over real HTTP: the exact request on the wire, every accepted body shape
 * normalised, a rejection never retried and stopped by the lockout guard before
 * EnKash would lock the account, and malformed bodies refused as
 * `INVALID_RESPONSE` without leaking a value.
 *
 * @example
 * ```ts
 * import { runProductContract } from '@enkash/test-kit';
 * import { startSandbox } from '@enkash/sandbox';
 *
 * runProductContract({
 *   definition: payoutsDefinition,
 *   createProductAuth: createPayoutsAuth,
 *   startSandbox,
 *   shapes: ['camelCase'],
 * });
 * ```
 */
export function runProductContract<TOptions extends AuthOptions>(
  definition: ProductDefinition,
  createProductAuth: (options: TOptions) => EnkashAuth,
  options: ProductContractOptions,
): void {
  const { shapes } = options;
  const product = definition.product as SandboxProduct;

  describe(`${product}: product contract against the sandbox`, () => {
    let sandbox: Sandbox;

    beforeAll(async () => {
      sandbox = await options.startSandbox();
    });
    afterAll(async () => {
      await sandbox.close();
    });
    beforeEach(() => {
      sandbox.reset();
      // Every case starts as a fresh process: no token, no count from the case before.
      forgetAccounts();
    });

    const user = () => {
      const found = sandbox.users[product];
      if (found === undefined) throw new Error(`the sandbox has no user for ${product}`);
      return found;
    };
    const createAuthFor = (overrides: Partial<AuthOptions> = {}) => {
      const { apiKey: _apiKey, ...credentials } = user();
      return createProductAuth({
        baseUrl: sandbox.baseUrl(product),
        ...credentials,
        ...options.productOptions,
        retries: 0,
        ...overrides,
      } as TOptions);
    };
    const tokenRequests = () =>
      sandbox.requests(product).filter((entry) => entry.endpoint === 'token');
    const secrets = () => [user().password, user().clientSecret, CONTRACT_TOKEN];

    it('shows the tested quick start verbatim in the README', async () => {
      await expectReadmeToShowQuickStart(expect.getState().testPath ?? '');
    });

    it('sends exactly the documented token request', async () => {
      await createAuthFor().getToken();

      const [request, ...others] = tokenRequests();
      expect(others).toHaveLength(0);
      expect(request).toMatchObject({
        method: 'POST',
        // The sandbox logs the product's path, whatever generation of base URLs the auth used.
        path: `/${product}/oauth/token`,
        basicId: user().basicAuth?.id ?? user().clientId,
        outcome: 'issued',
      });
      expect(request?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
      expect(request?.userAgent).toMatch(
        new RegExp(`^@enkash/${product}/${definition.version.replaceAll('.', '\\.')} \\S+/\\S+`),
      );
      expect(request?.form).toEqual({
        username: user().username,
        password: '[redacted]',
        grant_type: 'password',
        ...(definition.sendsClientId === false ? {} : { clientId: user().clientId }),
      });
      for (const [option, header] of Object.entries(definition.optionHeaders ?? {}) as [
        string,
        string,
      ][]) {
        const sent = request?.headers[header.toLowerCase()];
        if (options.productOptions?.[option] === undefined) expect(sent).toBeUndefined();
        else expect(sent).toMatch(/\[redacted\]/);
      }
    });

    for (const shape of shapes) {
      it(`normalises the ${shape} body to an AccessToken that the API accepts`, async () => {
        sandbox.setResponseShape(product, shape);
        sandbox.setTokenLifetime(product, 240);
        const before = Date.now();
        const auth = createAuthFor();

        const token = await auth.getToken();

        expect(token.accessToken).toMatch(/\S{16,}/);
        expect(token.tokenType.toLowerCase()).toBe('bearer');
        expect(token.expiresAt).toBeGreaterThanOrEqual(before + 239_000);
        expect(token.expiresAt).toBeLessThanOrEqual(Date.now() + 240_000);
        const ping = await auth.fetch('api/ping');
        expect(ping.status).toBe(200);
        expect(await ping.json()).toEqual({ ok: true, product });
      });
    }

    if (definition.maxLifetimeMs !== undefined) {
      const cap = definition.maxLifetimeMs;
      it(`never trusts a lifetime beyond ${cap} ms`, async () => {
        sandbox.setTokenLifetime(product, 86_399);
        const before = Date.now();

        const token = await createAuthFor().getToken();

        expect(token.expiresAt).toBeGreaterThanOrEqual(before + cap - 1_000);
        expect(token.expiresAt).toBeLessThanOrEqual(Date.now() + cap);
      });
    }

    it('refuses a wrong password with REJECTED, never retries it, and trips the guard before EnKash locks', async () => {
      const auth = createAuthFor({ password: 'wrong-password-for-contract', retries: 3 });

      const first = await rejectionOf(auth.getToken());
      expect(first).toMatchObject({ code: 'REJECTED', product });
      expect((first as Error).message).toMatch(/1 attempt/);
      expect(sandbox.counters(product).tokenRequests).toBe(1);

      const second = await rejectionOf(auth.getToken());
      expect(second).toMatchObject({ code: 'REJECTED', product });
      const third = await rejectionOf(auth.getToken());
      expect(third).toMatchObject({ code: 'LOCKOUT_GUARD', product });
      expect((third as Error).message).toMatch(/resetLockout/);

      expect(sandbox.counters(product).tokenRequests).toBe(2);
      expect(sandbox.failedAttempts(product, user().username)).toBe(2);
      expect(sandbox.isLocked(product, user().username)).toBe(false);
      for (const error of [first, second, third]) {
        expectNoSecrets(error, [...secrets(), 'wrong-password-for-contract']);
      }
    });

    it('re-exports every name the core lists for products, as the core exports it', () => {
      const productExports = options.productExports as unknown as Record<string, unknown>;
      for (const [name, value] of Object.entries(sharedExports)) {
        expect(productExports[name], name).toBe(value);
      }
    });

    it('re-exports HTTPError and isHTTPError, which catch what auth.client throws for an API error', async () => {
      const { HTTPError, isHTTPError } = options.productExports;

      const error = await rejectionOf(createAuthFor().client.get('no-such-api'));

      expect(error).toBeInstanceOf(HTTPError);
      expect(isHTTPError(error)).toBe(true);
      expect(error).toMatchObject({ name: 'HTTPError', response: { status: 404 } });
      // A copy from another install of ky is told by its name, as ky's own guards do.
      expect(isHTTPError(Object.assign(new Error('copy'), { name: 'HTTPError' }))).toBe(true);
      expect(isHTTPError(new Error('other'))).toBe(false);
      expectNoSecrets(error, secrets());
    });

    const bodies = malformedBodies(shapes[0], options.alsoRequired ?? []);
    for (const [name, body] of bodies) {
      it(`refuses a body with ${name} as INVALID_RESPONSE`, async () => {
        sandbox.enqueueFault(product, {
          type: 'status',
          status: 200,
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });

        const error = await rejectionOf(createAuthFor().getToken());

        expect(isEnkashAuthError(error)).toBe(true);
        expect(error).toMatchObject({ code: 'INVALID_RESPONSE', product, status: 200 });
        expect(sandbox.counters(product).tokenRequests).toBe(1);
        expectNoSecrets(error, secrets());
      });
    }

    for (const [name, fault] of RAW_FAULTS) {
      it(`refuses ${name} as INVALID_RESPONSE`, async () => {
        sandbox.enqueueFault(product, fault);

        const error = await rejectionOf(createAuthFor().getToken());

        expect(error).toMatchObject({ code: 'INVALID_RESPONSE', product });
        expectNoSecrets(error, secrets());
      });
    }
  });
}
