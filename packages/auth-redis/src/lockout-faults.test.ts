import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import { fleetAuthConfig } from '@enkash/test-kit';
import {
  createFleet,
  ensureBuilt,
  type FleetAuthConfig,
  type FleetResult,
  timeLimit as limit,
  SETUP_MS,
  TOKEN_REQUEST_MS,
  WORKER_READY_MS,
} from '@enkash/test-kit/fleet';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lookUpRedisServer, type RedisServer } from './test-support/redis-server.js';
import type { RedisWorkerStoreConfig } from './test-support/redis-worker-store-config.js';

const { skipReason, startRedisServer } = lookUpRedisServer();

const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const workerPath = fileURLToPath(new URL('./test-support/fleet-worker.ts', import.meta.url));
const WRONG = 'not-the-password-91';
/** Each store operation gives up after this; the stall outlasts it many times over. */
const OPERATION_TIMEOUT_MS = 300;
const STALL_MS = 2_500;
/** Calls a process makes, a pause apart, while its connection to a restarted Redis comes back. */
const RECONNECT_CALLS = 20;
const RECONNECT_PAUSE_MS = 250;

/** The codes a worker's callers got, in one list. */
function codes(result: FleetResult): string[] {
  return Object.keys(result.errors).length === 0 ? ['token'] : Object.keys(result.errors);
}

/** The refusals the attempt record in Redis holds. */
async function storedRefusals(redis: Redis): Promise<number> {
  const [key] = await redis.keys('enkash:auth:*:attempts');
  if (key === undefined) return 0;
  const stored = (await redis.get(key)) ?? '';
  return (JSON.parse(stored.slice('enkash-record:'.length)) as { refused: unknown[] }).refused
    .length;
}

describe.skipIf(skipReason !== undefined)('the lockout promise on a real Redis', () => {
  let redisServer: RedisServer;
  let redis: Redis;
  let sandbox: Sandbox;
  const workers = createFleet(workerPath);

  const startWorker = async (overrides: Partial<FleetAuthConfig> = {}) => {
    const [worker] = await workers.start(1, () => ({
      auth: fleetAuthConfig(sandbox, overrides),
      store: {
        redisUrl: redisServer.url,
        keyPrefix: 'enkash:auth:',
        operationTimeoutMs: OPERATION_TIMEOUT_MS,
      } satisfies RedisWorkerStoreConfig,
    }));
    if (worker === undefined) throw new Error('no worker started');
    return worker;
  };

  beforeAll(() => ensureBuilt(packageRoot), limit(60_000));

  // Each case starts its own Redis and sandbox and stops them, workers first, even when it fails.
  beforeEach(async () => {
    redisServer = await startRedisServer();
    redis = new Redis(redisServer.url);
    sandbox = await startSandbox();
  }, limit(SETUP_MS));

  afterEach(async () => {
    await workers.killAll();
    redis?.disconnect();
    await sandbox?.close();
    await redisServer?.stop();
  }, limit(SETUP_MS));

  it.each([
    ['FLUSHALL', () => redis.flushall().then(() => undefined)],
    ['a restart without persistence', () => redisServer.restart()],
  ])(
    'after %s, the tripped guard and a new process still refuse: 2 attempts, never locked',
    {
      timeout: limit(
        2 * WORKER_READY_MS,
        4 * TOKEN_REQUEST_MS,
        RECONNECT_CALLS * (OPERATION_TIMEOUT_MS + RECONNECT_PAUSE_MS),
      ),
    },
    async (_label, lose) => {
      const first = await startWorker({ password: WRONG });
      expect(codes(await first.run(1))).toEqual(['REJECTED']);
      expect(codes(await first.run(1))).toEqual(['REJECTED']);
      await lose();
      expect(await storedRefusals(redis)).toBe(0);
      // The process that counted writes its count back as it refuses, once its connection is
      // back (after a restart, how soon depends on the machine): until then it refuses unsent.
      const afterLoss: string[] = [];
      while (afterLoss.at(-1) !== 'LOCKOUT_GUARD' && afterLoss.length < RECONNECT_CALLS) {
        if (afterLoss.length > 0) await sleep(RECONNECT_PAUSE_MS);
        afterLoss.push(...codes(await first.run(1)));
      }
      for (const code of afterLoss) expect(['STORE_UNAVAILABLE', 'LOCKOUT_GUARD']).toContain(code);
      expect(afterLoss.at(-1)).toBe('LOCKOUT_GUARD');
      expect(await storedRefusals(redis)).toBe(2);
      const second = await startWorker({ password: WRONG });
      expect(codes(await second.run(1))).toEqual(['LOCKOUT_GUARD']);
      expect(sandbox.counters('payouts').tokenRequests).toBe(2);
      expect(sandbox.isLocked('payouts', sandbox.users.payouts.username)).toBe(false);
    },
  );

  it.each(['-5', 'abc', '1.5'])(
    'a count %s written over the record by another tool is replaced: 3 processes, 2 attempts, never locked',
    { timeout: limit(3 * WORKER_READY_MS, 4 * TOKEN_REQUEST_MS) },
    async (corrupt) => {
      const first = await startWorker({ password: WRONG });
      expect(codes(await first.run(1))).toEqual(['REJECTED']);
      const [key] = await redis.keys('enkash:auth:*:attempts');
      if (key === undefined) throw new Error('no attempt record in Redis');
      // Redis's own form, as `redis-cli SET` or an INCR-based client leaves it.
      await redis.set(key, corrupt);
      const others = [
        await startWorker({ password: WRONG }),
        await startWorker({ password: WRONG }),
      ];
      const results = [
        await first.run(1),
        ...(await Promise.all(others.map((worker) => worker.run(1)))),
      ];
      // The process that counted replaces the corrupt value with its own count and may try once
      // more; the others are refused (the rejection EnKash gave may be relayed to them as such).
      for (const code of results.flatMap(codes))
        expect(['REJECTED', 'LOCKOUT_GUARD']).toContain(code);
      expect(results[0]?.storeErrors.some((entry) => entry.includes('INVALID_VALUE'))).toBe(true);
      expect(sandbox.counters('payouts').tokenRequests).toBe(2);
      expect(sandbox.isLocked('payouts', sandbox.users.payouts.username)).toBe(false);
      expect(await storedRefusals(redis)).toBe(2);
    },
  );

  it(`a Redis stalled ${STALL_MS} ms under forced refreshes adds no failure: a new process with the right password gets its token`, {
    timeout: limit(2 * WORKER_READY_MS, STALL_MS, 8 * TOKEN_REQUEST_MS),
  }, async () => {
    const worker = await startWorker();
    expect(codes(await worker.run(1))).toEqual(['token']);
    // Every client's commands wait in Redis's queue, then run once the pause ends, late.
    await redis.call('CLIENT', 'PAUSE', String(STALL_MS), 'ALL');
    const stalled: FleetResult[] = [];
    for (let refresh = 0; refresh < 2; refresh += 1) {
      stalled.push(await worker.run(1, { invalidateFirst: true }));
    }
    // A right password still gets its tokens while the store does not answer (storeOutage 'proceed').
    expect(stalled.map(codes)).toEqual([['token'], ['token']]);
    expect(stalled.at(-1)?.storeErrors.some((entry) => entry.includes('REDIS_TIMEOUT'))).toBe(true);
    // Once the queued commands have run (the pause over), nothing of them counts as a failure.
    await new Promise((resolve) => setTimeout(resolve, STALL_MS));
    const fresh = await startWorker();
    const result = await fresh.run(1);
    expect(codes(result)).toEqual(['token']);
    expect(result.status).toMatchObject({ consecutiveFailures: 0, guardTripped: false });
    expect(await storedRefusals(redis)).toBe(0);
  });
});
