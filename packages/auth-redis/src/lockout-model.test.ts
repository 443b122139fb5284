import { SETUP_MS, timeLimit } from '@enkash/test-kit/fleet';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkLockoutModel,
  profilesFromEnvironment,
  STEP_DEADLINE_MS,
} from '../../auth-core/test-support/lockout-model/check-lockout-model.js';
import type { ModelBacking } from '../../auth-core/test-support/lockout-model/model-store.js';
import { MOST_STEPS } from '../../auth-core/test-support/lockout-model/program.js';
import { createRedisStore } from './create-redis-store.js';
import { redisKeyOf } from './redis-key.js';
import type { RedisStore } from './redis-store-options.js';
import { lookUpRedisServer, type RedisServer } from './test-support/redis-server.js';

/*
 * The lockout guard's model test (auth-core's lockout-model.test.ts: same
 * programs, faults and invariant) over the Redis store, against a real
 * redis-server: each simulated process opens its own store (its own
 * connection) under one key prefix, and opens it anew when it restarts. A
 * flush is FLUSHALL; half the corruptions are a raw `SET` of the value (not
 * in the `enkash-record:` form), the rest through `set`.
 *
 * ENKASH_MODEL_RUNS sets the number of runs (default 80 in `npm test`),
 * ENKASH_MODEL_SEED the seed (printed), ENKASH_MODEL_PROFILE the profiles.
 */

const RUNS = Number(process.env.ENKASH_MODEL_RUNS ?? 80);
const SEED = Number(process.env.ENKASH_MODEL_SEED ?? Date.now() % 2_147_483_647);
const ENCRYPTION_KEY = 'model test key material, 32 byte';

const server = lookUpRedisServer();

describe.skipIf(server.skipReason !== undefined)('the lockout model over the Redis store', () => {
  let redis: RedisServer | undefined;
  let raw: Redis | undefined;
  const opened = new Set<RedisStore>();

  beforeEach(async () => {
    redis = await server.startRedisServer();
    // The backend itself, as another tool (or redis-cli) reaches it.
    raw = new Redis(redis.url);
  }, timeLimit(SETUP_MS));

  afterEach(async () => {
    // A program that failed midway may have left its stores open.
    await Promise.allSettled([...opened].map((store) => store.close()));
    opened.clear();
    raw?.disconnect();
    await redis?.stop();
  }, timeLimit(SETUP_MS));

  let programs = 0;
  const openBacking = ({ processes }: { processes: number }): ModelBacking => {
    const url = (redis as RedisServer).url;
    const client = raw as Redis;
    programs += 1;
    const keyPrefix = `enkash:lockout-model:${programs}:`;
    const open = (): RedisStore => {
      const store = createRedisStore({ url, keyPrefix, encryptionKey: ENCRYPTION_KEY });
      opened.add(store);
      return store;
    };
    const stores = Array.from({ length: processes }, open);
    return {
      storeOf: (process) => stores[process] as RedisStore,
      async reopen(process) {
        const previous = stores[process] as RedisStore;
        stores[process] = open();
        opened.delete(previous);
        await previous.close();
      },
      async flush() {
        await client.flushall();
      },
      async writeRaw(key, value) {
        await client.set(redisKeyOf(keyPrefix, key), value);
      },
      async close() {
        for (const store of stores) opened.delete(store);
        await Promise.all(stores.map((store) => store.close()));
      },
    };
  };

  it(`holds the invariant over ${RUNS} random programs on one server (seed ${SEED})`, {
    timeout: timeLimit(RUNS * MOST_STEPS * STEP_DEADLINE_MS),
  }, async () => {
    const tally = await checkLockoutModel({
      label: 'lockout model, redis',
      openBacking,
      runs: RUNS,
      seed: SEED,
      profiles: profilesFromEnvironment(),
      stepDeadlineMs: STEP_DEADLINE_MS,
      budgetMs: RUNS * MOST_STEPS * STEP_DEADLINE_MS,
    });
    // The programs reach refusals in numbers: the guard is exercised, not bypassed.
    expect(tally.refusals).toBeGreaterThan(RUNS / 4);
  });
});
