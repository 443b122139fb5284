import { describe, expect, it } from 'vitest';
import { eitherShapeDefinition } from '../../test-support/definitions.js';
import { sandboxOptions, useSandbox } from '../../test-support/sandbox.js';
import { createAuth } from '../create-auth.js';
import type { AuthOptions } from './auth-options.js';
import { resolveApiOptions } from './resolve-api-options.js';
import { resolveOptions } from './resolve-options.js';

// A project compiled with `exactOptionalPropertyTypes` writes `store: flag ? store : undefined`:
// the runtime must read such an `undefined` exactly as an option left out.
type OptionalOptionName = {
  [K in keyof AuthOptions]-?: object extends Pick<AuthOptions, K> ? K : never;
}[keyof AuthOptions];

// A Record over every optional name: a new option that is not listed here does not compile.
const EVERY_OPTION_UNDEFINED: Record<OptionalOptionName, undefined> = {
  basicAuth: undefined,
  headers: undefined,
  timeoutMs: undefined,
  retries: undefined,
  refreshWindowMs: undefined,
  maxConsecutiveFailures: undefined,
  storeOutage: undefined,
  logger: undefined,
  apiTimeoutMs: undefined,
  maxResponseBytes: undefined,
  trustedOrigins: undefined,
  store: undefined,
  fetch: undefined,
  retryDelayMs: undefined,
  maxRetryDelayMs: undefined,
  lockTtlMs: undefined,
  clock: undefined,
  encryption: undefined,
  encryptionKey: undefined,
};
// The cards-like definition's own option (its `Cookie` header), undefined too.
const PRODUCT_OPTIONS_UNDEFINED = { cookie: undefined };

const required: AuthOptions = {
  baseUrl: 'https://ekpayout-uat.enkash.in',
  clientId: 'enkash-client',
  clientSecret: 'client-secret-Zq9',
  username: 'ops@example.com',
  password: 'password-Xy7!',
};

describe('an optional option given as undefined', () => {
  const use = useSandbox();

  it('resolves exactly as the option left out', () => {
    const given = { ...required, ...EVERY_OPTION_UNDEFINED, ...PRODUCT_OPTIONS_UNDEFINED };
    expect(resolveOptions(eitherShapeDefinition, given)).toEqual(
      resolveOptions(eitherShapeDefinition, { ...required }),
    );
    const read = async () => required.clientSecret as string;
    const secret = { current: read, again: read };
    const withUndefined = resolveApiOptions(eitherShapeDefinition, given, 'cards', secret);
    const leftOut = resolveApiOptions(eitherShapeDefinition, { ...required }, 'cards', secret);
    expect(withUndefined.headers).toEqual(leftOut.headers);
    expect(withUndefined.encryptionKey).toBe(leftOut.encryptionKey);
    expect(withUndefined.cipher === undefined).toBe(leftOut.cipher === undefined);
  });

  it('leaves an auth that gets a token and calls the API as one without the option', async () => {
    const sandbox = use();
    const auth = createAuth(eitherShapeDefinition, {
      ...sandboxOptions(sandbox, 'cards'),
      ...EVERY_OPTION_UNDEFINED,
      ...PRODUCT_OPTIONS_UNDEFINED,
    });

    const token = await auth.getToken({ forceRefresh: undefined, signal: undefined });
    const ping = await auth.client.get('api/ping');

    expect(token.accessToken).toMatch(/\S{16,}/);
    expect(ping.status).toBe(200);
    expect(auth.status()).toMatchObject({ token: 'fresh', consecutiveFailures: 0 });
    const [tokenRequest] = sandbox.requests('cards');
    expect(tokenRequest).toMatchObject({ endpoint: 'token', outcome: 'issued' });
    expect(tokenRequest?.headers.cookie).toBeUndefined();
    expect(sandbox.counters('cards')).toMatchObject({ tokenRequests: 1, pings: 1 });
  });
});
