import type { TokenStore } from '@enkash/auth-core';
import { checkStoreAgainstModel } from '@enkash/test-kit';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import type { RedisStore } from './redis-store-options.js';
import { lookUpRedisCluster, type RedisCluster } from './test-support/redis-cluster.js';
import { lookUpRedisServer, type RedisServer } from './test-support/redis-server.js';

// Replay a failure with FAST_CHECK_SEED=<seed>; ENKASH_MODEL_RUNS=<n> for a longer search.
const RUNS = Number(process.env.ENKASH_MODEL_RUNS ?? 100);
const SEED = Number(process.env.FAST_CHECK_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ENCRYPTION_KEY = 'model test key material, 32 byte';

const server = lookUpRedisServer();
const cluster = lookUpRedisCluster();

const disposeAll = async (stores: TokenStore[]) => {
  await Promise.all(stores.map((store) => (store as RedisStore).close()));
};
const uniquePrefix = () => `enkash:model:${Math.random().toString(36).slice(2)}:`;

describe.skipIf(server.skipReason !== undefined)('the Redis store against the model', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await server.startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it(`answers as the memory store does, over ${RUNS} sequences on 3 connections`, {
    timeout: 120_000,
  }, async () => {
    const operations = await checkStoreAgainstModel({
      runs: RUNS,
      seed: SEED,
      createStores() {
        const keyPrefix = uniquePrefix();
        return [0, 1, 2].map(() =>
          createRedisStore({ url: redis.url, keyPrefix, encryptionKey: ENCRYPTION_KEY }),
        );
      },
      dispose: disposeAll,
    });
    console.info(`store model, redis: ${RUNS} sequences, ${operations} operations, seed ${SEED}`);
    expect(operations).toBeGreaterThanOrEqual(RUNS);
  });
});

describe.skipIf(cluster.skipReason !== undefined)(
  'the Redis store on a cluster against the model',
  () => {
    let nodes: RedisCluster;
    const clients: Cluster[] = [];
    beforeAll(async () => {
      nodes = await cluster.startRedisCluster();
    }, 120_000);
    afterAll(async () => {
      for (const client of clients) client.disconnect();
      await nodes?.stop();
    });

    it(`answers as the memory store does, over ${RUNS} sequences on 3 cluster clients`, {
      timeout: 120_000,
    }, async () => {
      const client = () => {
        const created = new Cluster(nodes.nodes, { lazyConnect: true });
        clients.push(created);
        return created;
      };
      const operations = await checkStoreAgainstModel({
        runs: RUNS,
        seed: SEED,
        createStores() {
          const keyPrefix = uniquePrefix();
          return [0, 1, 2].map(() => createRedisStore({ client: client(), keyPrefix }));
        },
        dispose: disposeAll,
      });
      console.info(
        `store model, redis cluster: ${RUNS} sequences, ${operations} operations, seed ${SEED}`,
      );
      expect(operations).toBeGreaterThanOrEqual(RUNS);
    });
  },
);
