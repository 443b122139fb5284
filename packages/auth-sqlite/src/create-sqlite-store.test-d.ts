import type { AuthOptions, TokenStore } from '@enkash/auth-core';
import { describe, expectTypeOf, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';
import type { SqliteStore, SqliteStoreOptions } from './sqlite-store-options.js';

describe('createSqliteStore types', () => {
  it('returns a shared TokenStore with its path, waitFor and close', () => {
    const store = createSqliteStore({ path: '/var/lib/app/tokens.sqlite' });
    expectTypeOf(store).toEqualTypeOf<SqliteStore>();
    expectTypeOf(store).toMatchTypeOf<TokenStore>();
    expectTypeOf(store.shared).toEqualTypeOf<true>();
    expectTypeOf(store.path).toEqualTypeOf<string>();
    expectTypeOf(store.close).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(store.waitFor).returns.toEqualTypeOf<Promise<string | undefined>>();
    expectTypeOf(store).toMatchTypeOf<NonNullable<AuthOptions['store']>>();
  });

  it('takes no options, a path, and an encryption key as a string or bytes (pinned)', () => {
    expectTypeOf(createSqliteStore).toBeCallableWith();
    expectTypeOf(createSqliteStore).toBeCallableWith({});
    expectTypeOf(createSqliteStore).toBeCallableWith({ path: 'tokens.sqlite' });
    expectTypeOf(createSqliteStore).toBeCallableWith({ encryptionKey: new Uint8Array(32) });
    expectTypeOf(createSqliteStore).toBeCallableWith({ path: 'x', encryptionKey: 'k'.repeat(32) });
    expectTypeOf<SqliteStoreOptions>().toEqualTypeOf<{
      path?: string | undefined;
      encryptionKey?: string | Uint8Array | undefined;
    }>();
  });

  it('takes every option as undefined, as left out (a variable of the environment that is unset)', () => {
    expectTypeOf(createSqliteStore).toBeCallableWith({ path: undefined, encryptionKey: undefined });
    expectTypeOf(createSqliteStore).toBeCallableWith({ encryptionKey: process.env.TOKEN_KEY });
  });

  it('refuses mistyped options', () => {
    // @ts-expect-error: a path is a string
    createSqliteStore({ path: 42 });
    // @ts-expect-error: a key is a string or bytes
    createSqliteStore({ encryptionKey: 42 });
    // @ts-expect-error: unknown option
    createSqliteStore({ ttl: 1 } satisfies SqliteStoreOptions);
  });
});
