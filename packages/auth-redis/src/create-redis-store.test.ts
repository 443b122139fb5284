import { inspect } from 'node:util';
import { EnkashAuthError } from '@enkash/auth-core';
import { runTokenStoreContract } from '@enkash/auth-core/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import { redisKeyOf } from './redis-key.js';
import type { RedisStore, RedisStoreOptions } from './redis-store-options.js';
import { lookUpRedisServer, type RedisServer } from './test-support/redis-server.js';

const { skipReason, startRedisServer } = lookUpRedisServer();
const ENCRYPTION_KEY = 'test-only key material, 32 bytes';

describe.skipIf(skipReason !== undefined)('createRedisStore against a real redis-server', () => {
  let server: RedisServer;
  let raw: Redis;
  const stores: RedisStore[] = [];

  const uniquePrefix = () => `enkash:test:${Math.random().toString(36).slice(2)}:`;
  const makeStore = (options: RedisStoreOptions = {}) => {
    const store = createRedisStore({
      ...(options.client === undefined ? { url: server.url } : {}),
      keyPrefix: uniquePrefix(),
      ...options,
    });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  afterAll(async () => {
    raw?.disconnect();
    await server?.stop();
  });

  runTokenStoreContract('redis store', () => makeStore(), {
    dispose: (store) => (store as RedisStore).close(),
  });

  runTokenStoreContract(
    'redis store with encryption',
    () => makeStore({ encryptionKey: ENCRYPTION_KEY }),
    {
      dispose: (store) => (store as RedisStore).close(),
    },
  );

  describe('with an existing client', () => {
    let client: Redis;
    beforeAll(() => {
      client = new Redis(server.url, { lazyConnect: true });
    });
    afterAll(() => {
      client.disconnect();
    });

    runTokenStoreContract('redis store on a given client', () => makeStore({ client }), {
      dispose: (store) => (store as RedisStore).close(),
    });

    it('leaves the client connected after close()', async () => {
      const store = makeStore({ client });
      await store.set('key', 'value', 60_000);
      await store.close();
      expect(await client.ping()).toBe('PONG');
    });
  });

  it('is shared', () => {
    expect(makeStore().shared).toBe(true);
  });

  it('stores under the prefix, the account part in a hash tag, with the TTL as PX, and publishes nothing else', async () => {
    const keyPrefix = uniquePrefix();
    const store = makeStore({ keyPrefix });
    await store.set('enkash:payouts:abc:token', 'value', 30_000);
    const stored = `${keyPrefix}{enkash:payouts:abc}:token`;
    expect(await raw.get(stored)).toBe('value');
    const ttl = await raw.pttl(stored);
    expect(ttl).toBeGreaterThan(29_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(await raw.keys(`${keyPrefix}*`)).toEqual([stored]);
  });

  it('rounds a fractional TTL up to whole milliseconds', async () => {
    const keyPrefix = uniquePrefix();
    const store = makeStore({ keyPrefix });
    await store.set('key', 'value', 20_000.2);
    expect(await raw.pttl(redisKeyOf(keyPrefix, 'key'))).toBeGreaterThan(19_000);
  });

  it('rejects a TTL that is not a positive number', async () => {
    const store = makeStore();
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(store.set('key', 'value', ttl)).rejects.toMatchObject({
        name: 'RedisStoreError',
        code: 'REDIS_INVALID_ARGUMENT',
        message: 'set needs a positive TTL in milliseconds.',
      });
    }
    await expect(store.acquireLock('lock', 'owner', 0)).rejects.toMatchObject({
      code: 'REDIS_INVALID_ARGUMENT',
      message: 'acquireLock needs a positive TTL in milliseconds.',
    });
    await expect(store.compareAndSet('record', undefined, 'next', -5)).rejects.toMatchObject({
      code: 'REDIS_INVALID_ARGUMENT',
      message: 'compareAndSet needs a positive TTL in milliseconds.',
    });
  });

  it('holds the lock as the owner with an expiry', async () => {
    const keyPrefix = uniquePrefix();
    const store = makeStore({ keyPrefix });
    expect(await store.acquireLock('lock', 'owner-1', 5_000)).toBe(true);
    expect(await raw.get(redisKeyOf(keyPrefix, 'lock'))).toBe('owner-1');
    const ttl = await raw.pttl(redisKeyOf(keyPrefix, 'lock'));
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('keeps a record written without a TTL without expiry, marked and in clear even with encryption', async () => {
    const keyPrefix = uniquePrefix();
    const store = makeStore({ keyPrefix, encryptionKey: ENCRYPTION_KEY });
    const record = '{"v":1,"epoch":0,"refused":[],"pending":[],"writes":1}';
    expect(await store.compareAndSet('attempts', undefined, record)).toBe(true);
    expect(await raw.pttl(redisKeyOf(keyPrefix, 'attempts'))).toBe(-1);
    expect(await raw.get(redisKeyOf(keyPrefix, 'attempts'))).toBe(`enkash-record:${record}`);
    expect(await store.get('attempts')).toBe(record);
    expect(await store.compareAndSet('short', undefined, record, 5_000)).toBe(true);
    expect(await raw.pttl(redisKeyOf(keyPrefix, 'short'))).toBeGreaterThan(4_000);
  });

  it('compares a value set() wrote as get() reveals it, whatever its form', async () => {
    const keyPrefix = uniquePrefix();
    const store = makeStore({ keyPrefix });
    await store.set('key', 'same text', 60_000);
    expect(await store.compareAndSet('key', undefined, 'next', 60_000)).toBe(false);
    expect(await store.compareAndSet('key', 'other text', 'next', 60_000)).toBe(false);
    expect(await store.get('key')).toBe('same text');
    expect(await store.compareAndSet('key', 'same text', 'next', 60_000)).toBe(true);
    expect(await store.get('key')).toBe('next');
  });

  it.each(['-5', 'abc', '1.5'])(
    'replaces a count %s left in Redis by another tool, readable or not',
    async (corrupt) => {
      const keyPrefix = uniquePrefix();
      await raw.set(redisKeyOf(keyPrefix, 'attempts'), corrupt);
      const plain = makeStore({ keyPrefix });
      expect(await plain.get('attempts')).toBe(corrupt);
      expect(await plain.compareAndSet('attempts', corrupt, '{"n":1}')).toBe(true);
      expect(await raw.get(redisKeyOf(keyPrefix, 'attempts'))).toBe('enkash-record:{"n":1}');

      // With encryption at rest the same value is unreadable: get() answers a miss.
      await raw.set(redisKeyOf(keyPrefix, 'attempts'), corrupt);
      const sealing = makeStore({ keyPrefix, encryptionKey: ENCRYPTION_KEY });
      expect(await sealing.get('attempts')).toBeUndefined();
      expect(await sealing.compareAndSet('attempts', undefined, '{"n":2}')).toBe(true);
      expect(await sealing.get('attempts')).toBe('{"n":2}');
    },
  );

  it('shares values, locks and records between separate stores on the same prefix', async () => {
    const keyPrefix = uniquePrefix();
    const first = makeStore({ keyPrefix });
    const second = makeStore({ keyPrefix });
    await first.set('token', 'shared', 60_000);
    expect(await second.get('token')).toBe('shared');
    expect(await first.acquireLock('lock', 'a', 60_000)).toBe(true);
    expect(await second.acquireLock('lock', 'b', 60_000)).toBe(false);
    expect(await first.compareAndSet('attempts', undefined, 'one')).toBe(true);
    expect(await second.compareAndSet('attempts', undefined, 'two')).toBe(false);
    expect(await second.compareAndSet('attempts', 'one', 'two')).toBe(true);
    expect(await first.get('attempts')).toBe('two');
  });

  it('keeps prefixes apart', async () => {
    const first = makeStore();
    const second = makeStore();
    await first.set('token', 'first', 60_000);
    expect(await second.get('token')).toBeUndefined();
  });

  it('lets exactly one of two stores racing from the same record win, as two processes would', async () => {
    const keyPrefix = uniquePrefix();
    const stores = [makeStore({ keyPrefix }), makeStore({ keyPrefix })];
    await stores[0]?.compareAndSet('attempts', undefined, 'start');
    const results = await Promise.all(
      stores.flatMap((store, index) =>
        Array.from({ length: 10 }, (_, attempt) =>
          store.compareAndSet('attempts', 'start', `store-${index}-${attempt}`),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('fails as REDIS_UNAVAILABLE, changing nothing, on a key Redis holds as another type', async () => {
    const keyPrefix = uniquePrefix();
    const store = makeStore({ keyPrefix });
    await raw.hset(redisKeyOf(keyPrefix, 'attempts'), 'field', 'value');
    await expect(store.get('attempts')).rejects.toMatchObject({
      name: 'RedisStoreError',
      code: 'REDIS_UNAVAILABLE',
      operation: 'get',
    });
    await expect(store.compareAndSet('attempts', 'x', 'y')).rejects.toMatchObject({
      code: 'REDIS_UNAVAILABLE',
      operation: 'compareAndSet',
    });
    expect(await raw.hget(redisKeyOf(keyPrefix, 'attempts'), 'field')).toBe('value');
  });

  describe('waitFor', () => {
    it('wakes through pub/sub when another process stores the key', async () => {
      const keyPrefix = uniquePrefix();
      // A poll interval far beyond the test timeout: only the announcement can wake the waiter.
      const waiter = makeStore({ keyPrefix, pollIntervalMs: 600_000 });
      const writer = makeStore({ keyPrefix });
      const waiting = waiter.waitFor('token', 600_000);
      // Let the subscription become active before the announcement.
      await vi.waitFor(async () => {
        const subscribers = (await raw.pubsub('NUMSUB', `${keyPrefix}set`)) as [string, number];
        expect(subscribers[1]).toBe(1);
      });
      await writer.set('token', 'announced', 60_000);
      expect(await waiting).toBe('announced');
    });

    it('falls back to polling when nothing is announced', async () => {
      const keyPrefix = uniquePrefix();
      const waiter = makeStore({ keyPrefix, pollIntervalMs: 10 });
      const waiting = waiter.waitFor('token', 600_000);
      // Written behind the store's back: no announcement on the channel.
      await raw.set(redisKeyOf(keyPrefix, 'token'), 'polled', 'PX', 60_000);
      expect(await waiting).toBe('polled');
    });

    it('hands back the decrypted value', async () => {
      const keyPrefix = uniquePrefix();
      const waiter = makeStore({ keyPrefix, encryptionKey: ENCRYPTION_KEY });
      const writer = makeStore({ keyPrefix, encryptionKey: ENCRYPTION_KEY });
      const waiting = waiter.waitFor('token', 5_000);
      await writer.set('token', '{"accessToken":"t"}', 60_000);
      expect(await waiting).toBe('{"accessToken":"t"}');
    });

    it('ends with undefined when the store closes', async () => {
      const store = createRedisStore({ url: server.url, keyPrefix: uniquePrefix() });
      const waiting = store.waitFor('token', 600_000);
      await store.close();
      expect(await waiting).toBeUndefined();
    });

    it('closes the subscriber connection with the store', async () => {
      const keyPrefix = uniquePrefix();
      const store = createRedisStore({ url: server.url, keyPrefix });
      const waiting = store.waitFor('token', 600_000);
      await vi.waitFor(async () => {
        const subscribers = (await raw.pubsub('NUMSUB', `${keyPrefix}set`)) as [string, number];
        expect(subscribers[1]).toBe(1);
      });
      await store.close();
      await waiting;
      await vi.waitFor(async () => {
        const subscribers = (await raw.pubsub('NUMSUB', `${keyPrefix}set`)) as [string, number];
        expect(subscribers[1]).toBe(0);
      });
    });
  });

  describe('encryption at rest', () => {
    const token = '{"accessToken":"eyJ.secret-access-token.sig","tokenType":"bearer"}';

    it('stores ciphertext that holds nothing of the token', async () => {
      const keyPrefix = uniquePrefix();
      const store = makeStore({ keyPrefix, encryptionKey: ENCRYPTION_KEY });
      await store.set('token', token, 60_000);
      const stored = await raw.get(redisKeyOf(keyPrefix, 'token'));
      expect(stored).toMatch(/^enkash-aes256gcm-v1:[A-Za-z0-9+/=]+$/);
      expect(stored).not.toContain('secret-access-token');
      expect(stored).not.toContain('accessToken');
      expect(Buffer.from(stored?.split(':')[1] ?? '', 'base64').toString('latin1')).not.toContain(
        'secret-access-token',
      );
      expect(await store.get('token')).toBe(token);
    });

    it('seals the same value differently each time (random IV)', async () => {
      const keyPrefix = uniquePrefix();
      const store = makeStore({ keyPrefix, encryptionKey: ENCRYPTION_KEY });
      await store.set('first', token, 60_000);
      await store.set('second', token, 60_000);
      expect(await raw.get(redisKeyOf(keyPrefix, 'first'))).not.toBe(
        await raw.get(redisKeyOf(keyPrefix, 'second')),
      );
    });

    it('reads as a miss with a wrong key, without a key, corrupted or moved to another key', async () => {
      const keyPrefix = uniquePrefix();
      const store = makeStore({ keyPrefix, encryptionKey: ENCRYPTION_KEY });
      await store.set('token', token, 60_000);
      const wrongKey = makeStore({ keyPrefix, encryptionKey: 'another key of 32 bytes, not it!' });
      const noKey = makeStore({ keyPrefix });
      expect(await wrongKey.get('token')).toBeUndefined();
      expect(await noKey.get('token')).toBeUndefined();

      const sealed = (await raw.get(redisKeyOf(keyPrefix, 'token'))) ?? '';
      const flipped = `${sealed.slice(0, -6)}${sealed.slice(-6, -5) === 'A' ? 'B' : 'A'}${sealed.slice(-5)}`;
      await raw.set(redisKeyOf(keyPrefix, 'corrupt'), flipped);
      await raw.set(redisKeyOf(keyPrefix, 'truncated'), sealed.slice(0, 30));
      await raw.set(redisKeyOf(keyPrefix, 'moved'), sealed);
      await raw.set(redisKeyOf(keyPrefix, 'plain'), token);
      expect(await store.get('corrupt')).toBeUndefined();
      expect(await store.get('truncated')).toBeUndefined();
      expect(await store.get('moved')).toBeUndefined();
      expect(await store.get('plain')).toBeUndefined();
    });

    it('reads the same values from a string key and its bytes', async () => {
      const keyPrefix = uniquePrefix();
      const fromString = makeStore({ keyPrefix, encryptionKey: ENCRYPTION_KEY });
      const fromBytes = makeStore({
        keyPrefix,
        encryptionKey: new TextEncoder().encode(ENCRYPTION_KEY),
      });
      await fromString.set('token', token, 60_000);
      expect(await fromBytes.get('token')).toBe(token);
    });
  });

  describe('close()', () => {
    it('rejects later operations with REDIS_CLOSED and may be called twice', async () => {
      const store = createRedisStore({ url: server.url, keyPrefix: uniquePrefix() });
      await store.set('key', 'value', 60_000);
      await store.close();
      await store.close();
      await expect(store.get('key')).rejects.toMatchObject({
        name: 'RedisStoreError',
        code: 'REDIS_CLOSED',
        operation: 'get',
        message: 'The Redis store is closed; get refused.',
      });
      await expect(store.waitFor('key', 1_000)).rejects.toMatchObject({ code: 'REDIS_CLOSED' });
    });

    it('ends the connection it created', async () => {
      const name = `enkash-close-${Math.random().toString(36).slice(2)}`;
      const store = createRedisStore({
        url: server.url,
        keyPrefix: uniquePrefix(),
        redisOptions: { connectionName: name },
      });
      await store.get('key');
      expect(await raw.client('LIST')).toContain(`name=${name}`);
      await store.close();
      await vi.waitFor(async () => {
        expect(await raw.client('LIST')).not.toContain(`name=${name}`);
      });
    });

    it('closes a store that never connected', async () => {
      const store = createRedisStore({ url: server.url });
      await expect(store.close()).resolves.toBeUndefined();
    });
  });

  describe('when Redis fails', () => {
    it('fails at once, not after a timeout, when nothing listens on the port', async () => {
      const stopped = await startRedisServer();
      await stopped.stop();
      const errors: Error[] = [];
      const store = makeStore({ url: stopped.url, onError: (error) => errors.push(error) });
      await expect(store.get('key')).rejects.toMatchObject({
        name: 'RedisStoreError',
        code: 'REDIS_UNAVAILABLE',
        operation: 'get',
        message: `Redis get failed: connect ECONNREFUSED 127.0.0.1:${stopped.port}`,
      });
      // Reconnecting in the background: still a fast failure, never a queued command.
      await expect(store.compareAndSet('key', undefined, 'value')).rejects.toMatchObject({
        code: 'REDIS_UNAVAILABLE',
        message:
          "Redis compareAndSet failed: Stream isn't writeable and enableOfflineQueue options is false",
      });
      await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
      expect(errors[0]).toMatchObject({ name: 'RedisStoreError', operation: 'connection' });
    });

    it('ends waitFor with the failure, so the core goes on without Redis', async () => {
      const stopped = await startRedisServer();
      await stopped.stop();
      const store = makeStore({ url: stopped.url });
      await expect(store.waitFor('token', 600_000)).rejects.toMatchObject({
        name: 'RedisStoreError',
        code: 'REDIS_UNAVAILABLE',
        operation: 'get',
      });
    });

    it('times out an operation Redis does not answer', async () => {
      const keyPrefix = uniquePrefix();
      const store = makeStore({ keyPrefix, operationTimeoutMs: 50 });
      await store.get('warm-up');
      const pauser = new Redis(server.url);
      try {
        await pauser.client('PAUSE', 1_000, 'ALL');
        await expect(store.get('key')).rejects.toMatchObject({
          name: 'RedisStoreError',
          code: 'REDIS_TIMEOUT',
          operation: 'get',
          message: 'Redis did not answer get within 50 ms.',
        });
      } finally {
        await pauser.client('UNPAUSE');
        pauser.disconnect();
      }
    });

    it('keeps values and arguments out of errors', async () => {
      const keyPrefix = uniquePrefix();
      const store = makeStore({ keyPrefix });
      const admin = new Redis(server.url);
      try {
        await admin.config('SET', 'maxmemory', '1');
        const failure = await store
          .set('token', 'secret-token-value', 60_000)
          .catch((error: unknown) => error);
        expect(failure).toMatchObject({ name: 'RedisStoreError', code: 'REDIS_UNAVAILABLE' });
        const error = failure as Error;
        expect(error.message).toMatch(/^Redis set failed: .*OOM/);
        for (const rendering of [
          error.message,
          inspect(error, { depth: 10 }),
          inspect(error.cause, { depth: 10 }),
          JSON.stringify(error),
          JSON.stringify(error.cause),
        ]) {
          expect(rendering).not.toContain('secret-token-value');
        }
      } finally {
        await admin.config('SET', 'maxmemory', '0');
        admin.disconnect();
      }
    });

    it('serves again once Redis is back', async () => {
      const own = await startRedisServer();
      const errors: Error[] = [];
      const store = makeStore({ url: own.url, onError: (error) => errors.push(error) });
      try {
        await store.set('token', 'before', 60_000);
        await own.stop();
        await expect(store.get('token')).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
        await own.restart();
        // Nothing persisted (--save ''): the restarted server is empty, and the store reconnects on its own.
        await vi.waitFor(async () => expect(await store.get('token')).toBeUndefined(), {
          timeout: 5_000,
          interval: 50,
        });
        await store.set('token', 'after', 60_000);
        expect(await store.get('token')).toBe('after');
      } finally {
        await store.close();
        await own.stop();
      }
    });

    it('never leaves an error event unhandled', async () => {
      const stopped = await startRedisServer();
      await stopped.stop();
      const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const store = makeStore({ url: stopped.url });
        await expect(store.get('key')).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
        await store.waitFor('key', 200).catch(() => undefined);
        // Give ioredis time to emit reconnect errors on both connections.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const unhandled = printed.mock.calls.filter((call) =>
          String(call[0]).includes('Unhandled error event'),
        );
        expect(unhandled).toEqual([]);
      } finally {
        printed.mockRestore();
      }
    });
  });
});

describe('createRedisStore options', () => {
  const expectConfigError = (options: unknown, message: string) => {
    let thrown: unknown;
    try {
      createRedisStore(options as RedisStoreOptions);
    } catch (error) {
      thrown = error;
    }
    expect(EnkashAuthError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'CONFIG', product: 'redis', message });
  };

  it('refuses url and client together', () => {
    expectConfigError(
      { url: 'redis://127.0.0.1:1', client: new Redis({ lazyConnect: true }) },
      'Give createRedisStore either `url` or `client`, not both.',
    );
  });

  it('refuses a URL that is not redis:// or rediss:// without echoing it', () => {
    expectConfigError(
      { url: 'http://user:hunter2@example.com' },
      '`url` must be a redis:// or rediss:// URL, not http://.',
    );
    expectConfigError({ url: 'not a url' }, '`url` must be a redis:// or rediss:// URL.');
  });

  it('refuses something that is not an ioredis client', () => {
    expectConfigError({ client: {} }, '`client` must be an ioredis `Redis` or `Cluster` instance.');
  });

  it('refuses a short or mistyped encryption key without echoing it', () => {
    expectConfigError(
      { encryptionKey: 'short-secret' },
      '`encryptionKey` must be at least 16 bytes; use 32 random bytes.',
    );
    expectConfigError({ encryptionKey: 42 }, '`encryptionKey` must be a string or a Uint8Array.');
  });

  it('refuses durations that are not positive whole milliseconds', () => {
    for (const value of [0, -5, 1.5, Number.NaN, '500']) {
      expectConfigError(
        { operationTimeoutMs: value },
        '`operationTimeoutMs` must be a positive whole number of milliseconds.',
      );
    }
    expectConfigError(
      { pollIntervalMs: 0 },
      '`pollIntervalMs` must be a positive whole number of milliseconds.',
    );
  });

  it('refuses redisOptions next to a client, and a non-function onError', () => {
    expectConfigError(
      { client: new Redis({ lazyConnect: true }), redisOptions: {} },
      '`redisOptions` apply to a connection made from `url`; configure `client` yourself.',
    );
    expectConfigError({ onError: 'log' }, '`onError` must be a function.');
  });

  it('connects to nothing until the first operation', async () => {
    const store = createRedisStore({ url: 'redis://127.0.0.1:1' });
    await expect(store.close()).resolves.toBeUndefined();
  });
});
