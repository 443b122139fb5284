import type { KyInstance } from 'ky';
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AccessToken,
  type AuthOptions,
  type AuthStatus,
  type AuthTokenState,
  type CredentialProvider,
  camelCaseShape,
  createAuth,
  createMemoryStore,
  createSnakeCaseShape,
  decryptPayload,
  defineResponseShape,
  deriveStoreKey,
  type EnkashAuth,
  EnkashAuthError,
  type EnkashAuthErrorCode,
  type EnkashAuthEvent,
  type EnkashAuthEvents,
  ERROR_CODES,
  encryptPayload,
  type GetTokenOptions,
  type HTTPError,
  isEnkashAuthError,
  isHTTPError,
  type LockoutEvent,
  type ProductDefinition,
  type ProductOptionName,
  type RefreshErrorEvent,
  type RejectionDetails,
  type ResponseShape,
  type StoreErrorEvent,
  snakeCaseShape,
  type TokenEvent,
  type TokenOutcome,
  type TokenStore,
} from './index.js';
import { runTokenStoreContract } from './testing/index.js';

declare const definition: ProductDefinition;
declare const options: AuthOptions;
declare const auth: EnkashAuth;

describe('public contract types', () => {
  it('createAuth takes a definition and options with product extras', () => {
    // Accepts AuthOptions with product extras, whether typed by intersection or by an interface.
    const extras: AuthOptions & Record<string, unknown> = { ...options, cookie: 'c' };
    expectTypeOf(createAuth(definition, extras)).toEqualTypeOf<EnkashAuth>();
    interface CardsLikeOptions extends AuthOptions {
      cookie?: string;
    }
    const cardsLike: CardsLikeOptions = { ...options, cookie: 'c' };
    expectTypeOf(createAuth(definition, cardsLike)).toEqualTypeOf<EnkashAuth>();
    // @ts-expect-error options without credentials are refused at compile time
    createAuth(definition, { baseUrl: 'https://api.enkash.in' });
    expectTypeOf(createAuth).returns.toEqualTypeOf<EnkashAuth>();
    expectTypeOf(createAuth(definition, { ...options, cookie: 'c' })).toEqualTypeOf<EnkashAuth>();
  });

  it('links the option headers of a definition to the options type of its product', () => {
    interface KeyOptions extends AuthOptions {
      apiKey?: string;
    }
    expectTypeOf<ProductOptionName<KeyOptions>>().toEqualTypeOf<'apiKey'>();
    expectTypeOf<ProductOptionName<AuthOptions>>().toEqualTypeOf<never>();
    const keyDefinition: ProductDefinition<'apiKey'> = {
      ...definition,
      optionHeaders: { apiKey: 'API-Key' },
    };
    const keyOptions: KeyOptions = { ...options, apiKey: 'k' };
    expectTypeOf(createAuth(keyDefinition, keyOptions)).toEqualTypeOf<EnkashAuth>();
    const misspelt: ProductDefinition<'apiKey'> = {
      ...definition,
      // @ts-expect-error a header map keyed by a misspelt option name does not compile
      optionHeaders: { apiKy: 'API-Key' },
    };
    expectTypeOf(misspelt).toEqualTypeOf<ProductDefinition<'apiKey'>>();
    const otherDefinition: ProductDefinition<'apiKy'> = {
      ...definition,
      optionHeaders: { apiKy: 'K' },
    };
    // @ts-expect-error a definition whose option names the options type lacks does not fit
    createAuth(otherDefinition, keyOptions);
  });

  it('AuthOptions requires the five credentials and nothing else', () => {
    expectTypeOf<
      Pick<AuthOptions, 'baseUrl' | 'clientId' | 'clientSecret' | 'username' | 'password'>
    >().toEqualTypeOf<{
      baseUrl: string;
      clientId: string;
      clientSecret: string | CredentialProvider;
      username: string;
      password: string | CredentialProvider;
    }>();
    expectTypeOf<AuthOptions['store']>().toEqualTypeOf<TokenStore | undefined>();
    expectTypeOf<AuthOptions['retries']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AuthOptions['basicAuth']>().toEqualTypeOf<
      { id: string; secret: string } | undefined
    >();
    // @ts-expect-error password is required
    const missing: AuthOptions = { baseUrl: '', clientId: '', clientSecret: '', username: '' };
    void missing;
  });

  it('password and clientSecret take a string or a provider, sync or async', () => {
    expectTypeOf<CredentialProvider>().toEqualTypeOf<() => string | Promise<string>>();
    const fromVault: AuthOptions = {
      ...options,
      password: async () => 'from-vault',
      clientSecret: () => 'from-env',
    };
    void fromVault;
    // @ts-expect-error a provider yields a string, not a number
    const numeric: AuthOptions = { ...options, password: () => 42 };
    // @ts-expect-error a provider takes no argument
    const withArgument: AuthOptions = { ...options, password: (name: string) => name };
    // @ts-expect-error an async provider yields a string too
    const undefinedLater: AuthOptions = { ...options, clientSecret: async () => undefined };
    // @ts-expect-error username is a plain string, never a provider
    const userProvider: AuthOptions = { ...options, username: () => 'user' };
    void [numeric, withArgument, undefinedLater, userProvider];
  });

  it('status() is synchronous and returns exactly the pinned shape', () => {
    expectTypeOf(auth.status).toEqualTypeOf<() => AuthStatus>();
    expectTypeOf(auth.status()).not.toEqualTypeOf<Promise<AuthStatus>>();
    expectTypeOf<AuthTokenState>().toEqualTypeOf<'none' | 'fresh' | 'refreshing' | 'expired'>();
    expectTypeOf<AuthStatus>().toEqualTypeOf<{
      token: 'none' | 'fresh' | 'refreshing' | 'expired';
      expiresAt?: number;
      consecutiveFailures: number;
      guardTripped: boolean;
      lastError?: { code: EnkashAuthErrorCode; at: number };
    }>();
    const { lastError } = auth.status();
    if (lastError !== undefined) {
      expectTypeOf(lastError.code).toEqualTypeOf<EnkashAuthErrorCode>();
    }
    // @ts-expect-error status() holds no token
    void auth.status().accessToken;
  });

  it('EnkashAuth has the documented members', () => {
    expectTypeOf(auth.getToken).toEqualTypeOf<
      (options?: GetTokenOptions) => Promise<AccessToken>
    >();
    expectTypeOf(auth.getAuthorizationHeader).returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf(auth.invalidate).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(auth.resetLockout).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(auth.on('token', () => undefined)).toEqualTypeOf<() => void>();
    // @ts-expect-error only the documented events can be listened to
    auth.on('custom-event', () => undefined);
    expectTypeOf(auth.client).toEqualTypeOf<KyInstance>();
    expectTypeOf(auth.fetch).parameters.toEqualTypeOf<
      [string | URL | Request, (RequestInit | undefined)?]
    >();
    expectTypeOf(auth.fetch).returns.toEqualTypeOf<Promise<Response>>();
    expectTypeOf<GetTokenOptions>().toEqualTypeOf<{
      forceRefresh?: boolean | undefined;
      signal?: AbortSignal | undefined;
    }>();
  });

  it("re-exports ky's HTTPError and its guard under their pinned names", () => {
    const caught: unknown = new Error('any');
    if (isHTTPError(caught)) expectTypeOf(caught).toEqualTypeOf<HTTPError>();
    expectTypeOf<HTTPError['response']['status']>().toEqualTypeOf<number>();
    expectTypeOf<HTTPError>().toExtend<Error>();
  });

  it('AccessToken is normalised', () => {
    expectTypeOf<AccessToken>().toEqualTypeOf<{
      accessToken: string;
      tokenType: string;
      expiresAt: number;
      refreshToken?: string;
      scope?: string;
    }>();
  });

  it('EnkashAuthError carries a stable code union', () => {
    expectTypeOf<EnkashAuthErrorCode>().toEqualTypeOf<
      | 'CONFIG'
      | 'REJECTED'
      | 'LOCKOUT_GUARD'
      | 'INVALID_RESPONSE'
      | 'HTTP'
      | 'NETWORK'
      | 'TIMEOUT'
      | 'STORE_UNAVAILABLE'
      | 'ABORTED'
      | 'PAYLOAD'
    >();
    expectTypeOf(ERROR_CODES.LOCKOUT_GUARD).toEqualTypeOf<'LOCKOUT_GUARD'>();
    const error = new EnkashAuthError('m', { code: 'HTTP', product: 'payouts', status: 503 });
    expectTypeOf(error.code).toEqualTypeOf<EnkashAuthErrorCode>();
    expectTypeOf(error.status).toEqualTypeOf<number | undefined>();
    expectTypeOf(error.product).toEqualTypeOf<string>();
    expectTypeOf(error.details).toEqualTypeOf<RejectionDetails | undefined>();
    expectTypeOf(error).toMatchTypeOf<Error>();
    // @ts-expect-error not a known code
    new EnkashAuthError('m', { code: 'OTHER', product: 'payouts' });
  });

  it('the payload functions keep their pinned signatures', () => {
    expectTypeOf(encryptPayload).toEqualTypeOf<
      (value: unknown, secretKey: string) => Promise<string>
    >();
    expectTypeOf(decryptPayload).toEqualTypeOf<
      (ciphertext: string, secretKey: string) => Promise<unknown>
    >();
    expectTypeOf<AuthOptions['encryption']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<AuthOptions['encryptionKey']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AuthOptions['apiTimeoutMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AuthOptions['maxResponseBytes']>().toEqualTypeOf<number | undefined>();
  });

  it('the guards narrow unknown values', () => {
    const value: unknown = undefined;
    if (isEnkashAuthError(value)) expectTypeOf(value).toEqualTypeOf<EnkashAuthError>();
    if (EnkashAuthError.isInstance(value)) expectTypeOf(value).toEqualTypeOf<EnkashAuthError>();
  });

  it('response shapes are typed by their schema', () => {
    expectTypeOf(camelCaseShape).toEqualTypeOf<ResponseShape>();
    expectTypeOf(snakeCaseShape).toEqualTypeOf<ResponseShape>();
    createSnakeCaseShape({ required: ['scope', 'refresh_token'] });
    // @ts-expect-error only the optional OAuth fields can be required
    createSnakeCaseShape({ required: ['access_token'] });
    defineResponseShape('x', v.object({ code: v.number() }), (body) => {
      expectTypeOf(body).toEqualTypeOf<{ code: number }>();
      return { type: 'invalid', paths: [] } satisfies TokenOutcome;
    });
  });

  it('stores and keys', () => {
    expectTypeOf(createMemoryStore()).toEqualTypeOf<TokenStore>();
    expectTypeOf(deriveStoreKey).returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf(runTokenStoreContract).parameters.toMatchTypeOf<
      [string, () => Promise<TokenStore> | TokenStore, ...unknown[]]
    >();
    expectTypeOf<EnkashAuthEvent>().toEqualTypeOf<
      | 'token'
      | 'refresh-error'
      | 'lockout'
      | 'store-error'
      | 'lifetime-clamped'
      | 'token-request'
      | 'retry'
      | 'guard-refused'
      | 'token-adopted'
    >();
    expectTypeOf(createMemoryStore().compareAndSet).returns.toEqualTypeOf<Promise<boolean>>();
  });

  it('events are typed by name, with exported payload types', () => {
    expectTypeOf<keyof EnkashAuthEvents>().toEqualTypeOf<EnkashAuthEvent>();
    auth.on('token', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<TokenEvent>();
      expectTypeOf(payload.tokenType).toEqualTypeOf<'bearer' | undefined>();
    });
    auth.on('refresh-error', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<RefreshErrorEvent>();
      expectTypeOf(payload.code).toEqualTypeOf<EnkashAuthErrorCode>();
    });
    auth.on('lockout', (payload) => expectTypeOf(payload).toEqualTypeOf<LockoutEvent>());
    auth.on('store-error', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<StoreErrorEvent>();
      expectTypeOf(payload.code).toEqualTypeOf<string | undefined>();
      expectTypeOf(payload.errorName).toEqualTypeOf<string>();
      expectTypeOf(payload.operation).toEqualTypeOf<keyof TokenStore>();
    });
    // @ts-expect-error a lockout payload has no token
    auth.on('lockout', (payload) => payload.accessToken);
  });
});
