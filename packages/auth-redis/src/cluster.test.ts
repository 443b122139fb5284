import { fileURLToPath } from 'node:url';
import { runTokenStoreContract } from '@enkash/auth-core/testing';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import { expectOneTokenRequest, fleetAuthConfig } from '@enkash/test-kit';
import {
  combineFleetResults as combine,
  createFleet,
  ensureBuilt,
  errorCount,
  type FleetAuthConfig,
  type FleetWorker,
  timeLimit as limit,
  TOKEN_REQUEST_MS,
  WAITER_GIVES_UP_MS,
  WORKER_READY_MS,
} from '@enkash/test-kit/fleet';
import { Cluster, type Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRedisStore } from './create-redis-store.js';
import type { RedisStore } from './redis-store-options.js';
import {
  CLUSTER_READY_MS,
  lookUpRedisCluster,
  NODE_TIMEOUT_MS,
  type RedisCluster,
} from './test-support/redis-cluster.js';
import type { RedisWorkerStoreConfig } from './test-support/redis-worker-store-config.js';

const { skipReason, startRedisCluster } = lookUpRedisCluster();
const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const workerPath = fileURLToPath(new URL('./test-support/fleet-worker.ts', import.meta.url));

const PROCESSES = 4;
const CALLERS = 50;
const WRONG_PASSWORD = 'not-the-password-Zc4';
const KEY_PREFIX = 'enkash:auth:';
/** Each worker's `operationTimeoutMs`: how long a store operation may take before the core goes on without it. */
const OPERATION_MS = 1_000;
/** The store operations one `getToken()` makes one after another, each bounded by OPERATION_MS. */
const STORE_OPERATIONS_PER_CALL = 10;

/** Every key of every master, with the node it is on. */
async function keysOnNodes(cluster: RedisCluster): Promise<{ key: string; port: number }[]> {
  const found: { key: string; port: number }[] = [];
  for (const [index, connection] of cluster.connections.entries()) {
    for (const key of await connection.keys('*')) {
      found.push({ key, port: cluster.nodes[index]?.port ?? -1 });
    }
  }
  return found;
}

describe.skipIf(skipReason !== undefined)('a fleet on a Redis Cluster of 3 masters', () => {
  let cluster: RedisCluster;
  let sandbox: Sandbox;
  const workers = createFleet(workerPath);
  const clients: Cluster[] = [];

  const newClient = () => {
    const client = new Cluster(cluster.nodes, { lazyConnect: true });
    client.on('error', () => undefined);
    clients.push(client);
    return client;
  };
  const config = (overrides: Partial<FleetAuthConfig> = {}, on: RedisCluster = cluster) => {
    const auth = fleetAuthConfig(sandbox, overrides);
    const store: RedisWorkerStoreConfig = {
      clusterNodes: on.nodes,
      keyPrefix: KEY_PREFIX,
      operationTimeoutMs: OPERATION_MS,
    };
    return { auth, store };
  };
  const startWorkers = (
    count: number,
    overrides: Partial<FleetAuthConfig> = {},
    on?: RedisCluster,
  ) => workers.start(count, () => config(overrides, on));

  beforeAll(
    async () => {
      await ensureBuilt(packageRoot);
      cluster = await startRedisCluster();
    },
    limit(60_000, CLUSTER_READY_MS),
  );

  afterAll(async () => {
    await cluster?.stop();
  }, limit(CLUSTER_READY_MS));

  beforeEach(async () => {
    sandbox = await startSandbox();
  });

  afterEach(async () => {
    await workers.killAll();
    for (const client of clients.splice(0)) client.disconnect();
    await sandbox?.close();
    await Promise.all(cluster.connections.map((connection) => connection.flushall()));
  }, limit(WORKER_READY_MS));

  describe('the store on a Cluster client', () => {
    const stores: RedisStore[] = [];
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
    });
    const makeStore = (pollIntervalMs?: number) => {
      const store = createRedisStore({
        client: newClient(),
        keyPrefix: `enkash:test:${Math.random().toString(36).slice(2)}:`,
        ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
      });
      stores.push(store);
      return store;
    };

    runTokenStoreContract('redis store on a 3-master cluster', () => makeStore(), {
      dispose: (store) => (store as RedisStore).close(),
    });

    it('wakes a waiting store through pub/sub, whichever node each is connected to', async () => {
      // A poll interval far beyond the test timeout: only the announcement can wake the waiter.
      const prefix = `enkash:test:${Math.random().toString(36).slice(2)}:`;
      const waiterClient = newClient();
      const waiter = createRedisStore({
        client: waiterClient,
        keyPrefix: prefix,
        pollIntervalMs: 600_000,
      });
      const writer = createRedisStore({ client: newClient(), keyPrefix: prefix });
      stores.push(waiter, writer);
      const waiting = waiter.waitFor('enkash:payouts:abc:token', 600_000);
      await vi.waitFor(async () => {
        const counts = await Promise.all(
          cluster.connections.map(
            async (connection) =>
              ((await connection.pubsub('NUMSUB', `${prefix}set`)) as [string, number])[1],
          ),
        );
        expect(counts.reduce((sum, count) => sum + count, 0)).toBe(1);
      });
      await writer.set('enkash:payouts:abc:token', 'announced', 60_000);
      expect(await waiting).toBe('announced');
    });
  });

  it(`${PROCESSES} processes x ${CALLERS} concurrent callers: one token request, one token`, {
    timeout: limit(WORKER_READY_MS, WAITER_GIVES_UP_MS),
  }, async () => {
    const { wallMs } = await expectOneTokenRequest(await startWorkers(PROCESSES), CALLERS, sandbox);
    console.info(
      `cluster, ${PROCESSES} x ${CALLERS} callers: 1 token request in ${wallMs.toFixed(0)} ms`,
    );
  });

  it('a wrong password in 3 processes at once, twice over: at most 2 attempts, the user never locked', {
    timeout: limit(WORKER_READY_MS, 2 * WAITER_GIVES_UP_MS),
  }, async () => {
    const user = sandbox.users.payouts;
    const fleet = await startWorkers(3, { password: WRONG_PASSWORD });
    for (let round = 0; round < 2; round += 1) {
      const { tokens, errors } = combine(
        await Promise.all(fleet.map((worker) => worker.run(CALLERS))),
      );
      expect(tokens).toEqual({});
      expect(errorCount(errors)).toBe(3 * CALLERS);
      expect(
        Object.keys(errors).every((code) => code === 'REJECTED' || code === 'LOCKOUT_GUARD'),
      ).toBe(true);
    }
    const counters = sandbox.counters('payouts');
    expect(counters.tokenRequests).toBeGreaterThanOrEqual(1);
    expect(counters.tokenRequests).toBeLessThanOrEqual(2);
    expect(counters.lockouts).toBe(0);
    expect(sandbox.isLocked('payouts', user.username)).toBe(false);
    console.info(`cluster, wrong password in 3 processes: ${counters.tokenRequests} request(s)`);
  });

  it('keeps every key of an account (token, lock, attempts, rejection) in one slot, on one node', {
    timeout: limit(3 * WORKER_READY_MS, 3 * TOKEN_REQUEST_MS),
  }, async () => {
    const [right] = await startWorkers(1);
    expect(combine([await (right as FleetWorker).run(1)]).errors).toEqual({});
    // Other credentials for the same account: their refusal is announced, and counted.
    const [wrong] = await startWorkers(1, { password: WRONG_PASSWORD });
    expect(combine([await (wrong as FleetWorker).run(1)]).errors).toEqual({ REJECTED: 1 });
    // A request that hangs holds the account's lock while the keys are read.
    sandbox.enqueueFault('payouts', { type: 'hang' });
    const [holder] = await startWorkers(1, { password: `${WRONG_PASSWORD}-2` });
    (holder as FleetWorker).run(1).catch(() => undefined);
    await vi.waitFor(() => expect(sandbox.counters('payouts').tokenRequests).toBe(3), {
      timeout: limit(TOKEN_REQUEST_MS),
      interval: 5,
    });

    const keys = await keysOnNodes(cluster);
    const suffixes = keys.map(({ key }) => key.slice(key.lastIndexOf(':') + 1)).sort();
    expect(suffixes).toEqual(['attempts', 'lock', 'rejection', 'token']);
    const tags = new Set(keys.map(({ key }) => /\{([^}]*)\}/.exec(key)?.[1]));
    expect(tags.size).toBe(1);
    expect([...tags][0]).toMatch(/^enkash:payouts:[0-9a-f]{64}$/);
    const slots = await Promise.all(
      keys.map(({ key }) => (cluster.connections[0] as Redis).cluster('KEYSLOT', key)),
    );
    expect(new Set(slots).size).toBe(1);
    expect(new Set(keys.map(({ port }) => port)).size).toBe(1);
  });

  it('the master holding the account killed: every process goes on alone within its timeouts, reporting store-error', {
    timeout: limit(
      CLUSTER_READY_MS,
      WORKER_READY_MS,
      WAITER_GIVES_UP_MS,
      NODE_TIMEOUT_MS,
      STORE_OPERATIONS_PER_CALL * OPERATION_MS + TOKEN_REQUEST_MS,
    ),
  }, async () => {
    // A cluster of its own: this case breaks it.
    const doomed = await startRedisCluster();
    try {
      const fleet = await startWorkers(3, {}, doomed);
      const before = combine(await Promise.all(fleet.map((worker) => worker.run(CALLERS))));
      expect(Object.values(before.tokens)).toEqual([3 * CALLERS]);
      expect(sandbox.counters('payouts').tokenRequests).toBe(1);
      const [tokenKey] = (await keysOnNodes(doomed))
        .map(({ key }) => key)
        .filter((key) => key.endsWith(':token'));
      const master = await doomed.nodeOf(tokenKey ?? '');

      await doomed.kill(master);
      const started = performance.now();
      // Each process drops its token and asks again while the account's slot has no master.
      const results = await Promise.all(
        fleet.map((worker) => worker.run(CALLERS, { invalidateFirst: true })),
      );
      const tookMs = performance.now() - started;

      const { tokens, errors } = combine(results);
      expect(errors).toEqual({});
      expect(Object.values(tokens).reduce((sum, count) => sum + count, 0)).toBe(3 * CALLERS);
      for (const result of results) {
        expect(result.storeErrors.length).toBeGreaterThan(0);
        for (const storeError of result.storeErrors) {
          expect(storeError).toMatch(/^\w+ RedisStoreError REDIS_(UNAVAILABLE|TIMEOUT)$/);
        }
      }
      // Connection errors went to listeners, never to ioredis's "Unhandled error event".
      for (const worker of fleet) {
        expect(worker.stderr()).not.toContain('Unhandled error event');
      }
      // Alone, each process still single-flights its own callers: at most one request each.
      expect(sandbox.counters('payouts').tokenRequests).toBeLessThanOrEqual(1 + 3);
      console.info(
        `cluster, master of the slot killed: every caller served in ${tookMs.toFixed(0)} ms, ${sandbox.counters('payouts').tokenRequests - 1} request(s) after the kill`,
      );
    } finally {
      await workers.killAll();
      await doomed.stop();
    }
  });
});
