// A fleet member for the multi-process tests: one OS process with its own Redis store (on one
// server, or on a cluster) and payouts auth, both loaded from the BUILT packages (dist), driven
// by the test over IPC (@enkash/test-kit/fleet). Run directly by Node (type stripping).
import { createPayoutsAuth } from '@enkash/payouts';
import { readFleetWorkerConfig, serveFleetWorker } from '@enkash/test-kit/fleet';
import { Cluster } from 'ioredis';
import type * as AuthRedis from '../index.js';
import type { RedisWorkerStoreConfig } from './redis-worker-store-config.js';

// Loaded by name so Node resolves the package's own exports map to dist/.
const packageName: string = '@enkash/auth-redis';
const { createRedisStore } = (await import(packageName)) as typeof AuthRedis;

const config = readFleetWorkerConfig<RedisWorkerStoreConfig>();
const { store: storeConfig } = config;
const cluster =
  storeConfig.clusterNodes === undefined
    ? undefined
    : new Cluster(storeConfig.clusterNodes, {
        // Fail fast, as the README's Redis Cluster section recommends.
        lazyConnect: true,
        enableOfflineQueue: false,
        clusterRetryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
        redisOptions: { connectTimeout: 2_000, maxRetriesPerRequest: 0 },
      });
// The test reads store-error events; the cluster's own connection errors are expected once a node dies.
cluster?.on('error', () => undefined);
const store = createRedisStore({
  ...(cluster === undefined ? { url: storeConfig.redisUrl } : { client: cluster }),
  keyPrefix: storeConfig.keyPrefix,
  // Generous, so a loaded CI machine never turns a slow answer into a fallback
  // (a stopped Redis still fails at once: the connection is refused).
  operationTimeoutMs: storeConfig.operationTimeoutMs ?? 2_000,
  connectTimeoutMs: 5_000,
  ...(storeConfig.encryptionKey === undefined ? {} : { encryptionKey: storeConfig.encryptionKey }),
});

serveFleetWorker({
  config,
  createAuth: createPayoutsAuth,
  store,
  closeStore: async () => {
    await store.close();
    cluster?.disconnect();
  },
});
