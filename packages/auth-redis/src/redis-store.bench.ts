import { createMemoryStore, type EnkashAuth } from '@enkash/auth-core';
import { createPayoutsAuth } from '@enkash/payouts';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import type { RedisStore } from './redis-store-options.js';
import { lookUpRedisServer, type RedisServer } from './test-support/redis-server.js';

const { skipReason, startRedisServer } = lookUpRedisServer();
const ENCRYPTION_KEY = 'bench key material of 32 bytes!!';

// What the Redis store costs: nothing on the hot path (a fresh token in
// memory), one round trip when a process picks up the fleet's token, and how
// that compares with asking EnKash (the sandbox over HTTP on 127.0.0.1).
describe.skipIf(skipReason !== undefined)('Redis store', () => {
  let server: RedisServer;
  let sandbox: Sandbox;
  let plain: RedisStore;
  let sealed: RedisStore;
  let withMemory: EnkashAuth;
  let withRedis: EnkashAuth;
  let withSealedRedis: EnkashAuth;
  let options: Parameters<typeof createPayoutsAuth>[0];

  beforeAll(async () => {
    server = await startRedisServer();
    sandbox = await startSandbox();
    plain = createRedisStore({ url: server.url, keyPrefix: 'bench:plain:' });
    sealed = createRedisStore({
      url: server.url,
      keyPrefix: 'bench:sealed:',
      encryptionKey: ENCRYPTION_KEY,
    });
    options = { baseUrl: sandbox.baseUrl('payouts'), ...sandbox.users.payouts };
    withMemory = createPayoutsAuth({ ...options, store: createMemoryStore() });
    withRedis = createPayoutsAuth({ ...options, store: plain });
    withSealedRedis = createPayoutsAuth({ ...options, store: sealed });
    await Promise.all([withMemory.getToken(), withRedis.getToken(), withSealedRedis.getToken()]);
  });

  afterAll(async () => {
    await plain?.close();
    await sealed?.close();
    await sandbox?.close();
    await server?.stop();
  });

  test('cached getToken: memory store against Redis store', async ({ bench }) => {
    const results = await bench.compare(
      bench('cached getToken, memory store', async () => {
        await withMemory.getToken();
      }),
      bench('cached getToken, Redis store', async () => {
        await withRedis.getToken();
      }),
      bench('cached getToken, Redis store with encryption', async () => {
        await withSealedRedis.getToken();
      }),
      { time: 1_000 },
    );
    expect(results.get('cached getToken, Redis store')).toBeDefined();
  });

  test('a new process picking up the fleet token against asking EnKash', async ({ bench }) => {
    const results = await bench.compare(
      bench('first getToken, token already in Redis', async () => {
        await createPayoutsAuth({ ...options, store: plain }).getToken();
      }),
      bench('first getToken, token already in Redis, encrypted', async () => {
        await createPayoutsAuth({ ...options, store: sealed }).getToken();
      }),
      bench('first getToken, token request to the sandbox', async () => {
        await createPayoutsAuth({ ...options, store: createMemoryStore() }).getToken();
      }),
      { time: 1_000 },
    );
    expect(results.get('first getToken, token already in Redis')).toBeFasterThan(
      results.get('first getToken, token request to the sandbox'),
    );
  });
});
