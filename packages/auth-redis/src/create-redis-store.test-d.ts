import type { AuthOptions, TokenStore } from '@enkash/auth-core';
import { Cluster, Redis } from 'ioredis';
import { describe, expectTypeOf, it } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import type { RedisStore, RedisStoreOptions } from './redis-store-options.js';

describe('createRedisStore types', () => {
  it('returns a shared TokenStore with waitFor and close', () => {
    const store = createRedisStore({ url: 'redis://127.0.0.1:6379' });
    expectTypeOf(store).toEqualTypeOf<RedisStore>();
    expectTypeOf(store).toMatchTypeOf<TokenStore>();
    expectTypeOf(store.shared).toEqualTypeOf<true>();
    expectTypeOf(store.close).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(store.waitFor).returns.toEqualTypeOf<Promise<string | undefined>>();
    expectTypeOf(store).toMatchTypeOf<NonNullable<AuthOptions['store']>>();
  });

  it('takes every option as undefined, as left out (a variable of the environment that is unset)', () => {
    expectTypeOf(createRedisStore).toBeCallableWith({
      url: undefined,
      client: undefined,
      keyPrefix: undefined,
      encryptionKey: undefined,
      operationTimeoutMs: undefined,
      connectTimeoutMs: undefined,
      pollIntervalMs: undefined,
      redisOptions: undefined,
      onError: undefined,
    } satisfies RedisStoreOptions);
  });

  it('takes no options, a URL, or an ioredis client: a Redis or a Cluster', () => {
    expectTypeOf(createRedisStore).toBeCallableWith();
    expectTypeOf(createRedisStore).toBeCallableWith({ client: new Redis({ lazyConnect: true }) });
    expectTypeOf(createRedisStore).toBeCallableWith({
      client: new Cluster([{ host: '127.0.0.1', port: 7000 }], { lazyConnect: true }),
    });
    expectTypeOf(createRedisStore).toBeCallableWith({
      url: process.env.REDIS_URL,
      encryptionKey: new Uint8Array(32),
      operationTimeoutMs: 500,
      redisOptions: { tls: {} },
      onError: (error: Error) => void error,
    });
  });

  it('refuses mistyped options', () => {
    // @ts-expect-error: a port is not a URL
    createRedisStore({ url: 6379 });
    // @ts-expect-error: a key is a string or bytes
    createRedisStore({ encryptionKey: 42 });
    // @ts-expect-error: unknown option
    createRedisStore({ ttl: 1 } satisfies RedisStoreOptions);
  });
});
