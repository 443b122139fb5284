import { fileURLToPath } from 'node:url';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import {
  expectOneTokenRequest,
  expectTakeoverAfterTheHolderIsKilled,
  fleetAuthConfig,
} from '@enkash/test-kit';
import {
  ANSWER_DELAY_MS,
  combineFleetResults as combine,
  createFleet,
  ensureBuilt,
  type FleetAuthConfig,
  type FleetWorker,
  timeLimit as limit,
  RACE_LOCK_TTL_MS,
  SETUP_MS,
  TOKEN_REQUEST_MS,
  WAITER_GIVES_UP_MS,
  WORKER_READY_MS,
} from '@enkash/test-kit/fleet';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lookUpRedisServer, type RedisServer } from './test-support/redis-server.js';
import type { RedisWorkerStoreConfig } from './test-support/redis-worker-store-config.js';

const { skipReason, startRedisServer } = lookUpRedisServer();

const PROCESSES = 4;
const CALLERS = 100;
const ENCRYPTION_KEY = 'fleet test key material, 32 byte';
const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const workerPath = fileURLToPath(new URL('./test-support/fleet-worker.ts', import.meta.url));

/** The attempt record the lockout guard keeps in Redis (written by compareAndSet, so marked). */
async function attemptRecord(redis: Redis): Promise<{ refused: unknown[]; pending: unknown[] }> {
  const [key] = await redis.keys('enkash:auth:*:attempts');
  const stored = (await redis.get(key ?? '')) ?? '';
  expect(stored.startsWith('enkash-record:')).toBe(true);
  return JSON.parse(stored.slice('enkash-record:'.length));
}

/** Every key and value in Redis, as text, to look for secrets. */
async function dumpRedis(redis: Redis): Promise<string[]> {
  const entries: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1_000);
    cursor = next;
    for (const key of keys) {
      entries.push(key);
      const type = await redis.type(key);
      if (type === 'string') {
        entries.push((await redis.get(key)) ?? '');
      } else {
        entries.push(`<${type}>`);
      }
    }
  } while (cursor !== '0');
  return entries;
}

describe.skipIf(skipReason !== undefined)('a fleet of processes sharing one Redis store', () => {
  let redisServer: RedisServer;
  let redis: Redis;
  let sandbox: Sandbox;
  const workers = createFleet(workerPath);

  type Overrides = Partial<FleetAuthConfig> & Pick<RedisWorkerStoreConfig, 'encryptionKey'>;
  const config = ({ encryptionKey = ENCRYPTION_KEY, ...overrides }: Overrides = {}) => {
    const auth = fleetAuthConfig(sandbox, overrides);
    const store: RedisWorkerStoreConfig = {
      redisUrl: redisServer.url,
      keyPrefix: 'enkash:auth:',
      encryptionKey,
    };
    return { auth, store };
  };
  const startWorkers = (count: number, overrides: Overrides = {}) =>
    workers.start(count, () => config(overrides));

  // A build may run here when the sources are newer than dist/.
  beforeAll(() => ensureBuilt(packageRoot), limit(60_000));

  // Each case starts its own Redis and sandbox and stops them, workers first,
  // even when it fails or times out: nothing a case left running can reach the next.
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

  it(`${PROCESSES} processes x ${CALLERS} concurrent callers: one token request, one token`, {
    timeout: limit(WORKER_READY_MS, WAITER_GIVES_UP_MS),
  }, async () => {
    await expectOneTokenRequest(await startWorkers(PROCESSES), CALLERS, sandbox);

    // Keys are hashed and the token is sealed: nothing identifying or secret is in Redis.
    const user = sandbox.users.payouts;
    const dump = (await dumpRedis(redis)).join('\n');
    expect(dump).toContain('enkash:auth:{enkash:payouts:');
    for (const secret of [user.username, user.clientId, user.clientSecret, user.password]) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).not.toMatch(/accessToken|bearer/i);
  });

  it('a wrong password across the fleet, twice over: at most maxConsecutiveFailures attempts, the user never locked', {
    timeout: limit(WORKER_READY_MS, 3 * WAITER_GIVES_UP_MS),
  }, async () => {
    const user = sandbox.users.payouts;
    const fleet = await startWorkers(PROCESSES, { password: 'not-the-password' });

    const rounds = [];
    const requestsAfterRound: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      rounds.push(combine(await Promise.all(fleet.map((worker) => worker.run(CALLERS)))));
      requestsAfterRound.push(sandbox.counters('payouts').tokenRequests);
    }

    for (const { tokens, errors } of rounds) {
      expect(tokens).toEqual({});
      expect(Object.values(errors).reduce((sum, count) => sum + count, 0)).toBe(
        PROCESSES * CALLERS,
      );
      expect(
        Object.keys(errors).every((code) => code === 'REJECTED' || code === 'LOCKOUT_GUARD'),
      ).toBe(true);
    }
    // The third round finds the guard tripped fleet-wide: no request reaches EnKash.
    // (The lock holder meets the guard; the waiters the rejection the fleet shares for 5 s.)
    expect(requestsAfterRound[2]).toBe(requestsAfterRound[1]);
    expect(rounds[2]?.errors.LOCKOUT_GUARD).toBeGreaterThan(0);

    const counters = sandbox.counters('payouts');
    // maxConsecutiveFailures defaults to 2; EnKash locks after 3.
    expect(counters.tokenRequests).toBeGreaterThanOrEqual(1);
    expect(counters.tokenRequests).toBeLessThanOrEqual(2);
    expect(counters.rejected).toBe(counters.tokenRequests);
    expect(counters.lockouts).toBe(0);
    expect(sandbox.isLocked('payouts', user.username)).toBe(false);
    expect(sandbox.failedAttempts('payouts', user.username)).toBeLessThanOrEqual(2);

    const dump = (await dumpRedis(redis)).join('\n');
    for (const secret of [user.username, user.clientId, user.clientSecret, 'not-the-password']) {
      expect(dump).not.toContain(secret);
    }
  });

  it('a lock holder killed mid-request: another process takes over once the lock expires', {
    timeout: limit(WORKER_READY_MS, TOKEN_REQUEST_MS, WAITER_GIVES_UP_MS),
  }, async () => {
    // Every process is up before the clock starts: only the lock decides who waits.
    const { tookOverAfterMs, lockLeftMs } = await expectTakeoverAfterTheHolderIsKilled({
      workers: await startWorkers(PROCESSES),
      callers: CALLERS,
      sandbox,
      async lockLeftMs() {
        const [lockKey] = await redis.keys('enkash:auth:*:lock');
        expect(lockKey).toBeDefined();
        return redis.pttl(lockKey ?? '');
      },
    });
    console.info(
      `takeover ${tookOverAfterMs} ms after the kill; the lock had ${lockLeftMs} ms left`,
    );
  });

  it('Redis stopped mid-run: every caller is still served, and store-error is reported', {
    timeout: limit(2 * WORKER_READY_MS, 2 * WAITER_GIVES_UP_MS),
  }, async () => {
    const fleet = await startWorkers(PROCESSES);
    const before = combine(await Promise.all(fleet.map((worker) => worker.run(CALLERS))));
    expect(Object.values(before.tokens)).toEqual([PROCESSES * CALLERS]);
    expect(sandbox.counters('payouts').tokenRequests).toBe(1);

    // The test's own inspection client goes first, so only the workers meet the outage.
    redis.disconnect();
    await redisServer.stop();
    {
      // Each process drops its token and asks again while Redis is gone,
      // and a fresh process joins without any token at all.
      const [latecomer] = await startWorkers(1);
      if (latecomer === undefined) throw new Error('no latecomer');
      const results = await Promise.all([
        ...fleet.map((worker) => worker.run(CALLERS, { invalidateFirst: true })),
        latecomer.run(CALLERS),
      ]);
      const { tokens, errors } = combine(results);
      expect(errors).toEqual({});
      expect(Object.values(tokens).reduce((sum, count) => sum + count, 0)).toBe(
        (PROCESSES + 1) * CALLERS,
      );
      for (const result of results) {
        expect(result.storeErrors.length).toBeGreaterThan(0);
        // Each carries the store's stable code.
        for (const storeError of result.storeErrors) {
          expect(storeError).toMatch(/^\w+ RedisStoreError REDIS_(UNAVAILABLE|TIMEOUT)$/);
        }
        for (const payload of result.eventPayloads) {
          expect(payload).not.toContain(sandbox.users.payouts.password);
          expect(payload).not.toContain(sandbox.users.payouts.clientSecret);
        }
      }
      // Connection errors went to the store's listener, never to ioredis's "Unhandled error event".
      for (const worker of [...fleet, latecomer]) {
        expect(worker.stderr()).not.toContain('Unhandled error event');
      }
      // Alone, each process still single-flights its own callers: one request per process.
      expect(sandbox.counters('payouts').tokenRequests).toBe(1 + PROCESSES + 1);
    }
  });

  it('two processes racing for the last allowed attempt: never both send it', {
    timeout: limit(WORKER_READY_MS, TOKEN_REQUEST_MS, ANSWER_DELAY_MS, WAITER_GIVES_UP_MS),
  }, async () => {
    const user = sandbox.users.payouts;
    const [first, second] = await startWorkers(2, {
      password: 'not-the-password',
      lockTtlMs: RACE_LOCK_TTL_MS,
    });
    if (first === undefined || second === undefined) throw new Error('no workers');
    // One refusal counted fleet-wide: of maxConsecutiveFailures (2), one attempt is left.
    expect(combine([await first.run(1)]).errors).toEqual({ REJECTED: 1 });
    expect((await attemptRecord(redis)).refused).toHaveLength(1);

    // EnKash now answers long after the fleet lock expires, so the lock cannot keep
    // the two apart: only the attempt reserved in Redis before sending can.
    sandbox.enqueueFault(
      'payouts',
      { type: 'delay', ms: ANSWER_DELAY_MS },
      { type: 'delay', ms: ANSWER_DELAY_MS },
    );
    const race = combine(await Promise.all([first.run(1), second.run(1)]));
    // One sent the last attempt (REJECTED); the other met the guard, or the refusal the
    // fleet shares when it came back first: never a second request.
    expect(Object.values(race.errors).reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(race.errors.REJECTED).toBeGreaterThanOrEqual(1);
    expect(
      Object.keys(race.errors).every((code) => code === 'REJECTED' || code === 'LOCKOUT_GUARD'),
    ).toBe(true);
    expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 2, lockouts: 0 });
    expect(sandbox.isLocked('payouts', user.username)).toBe(false);
    expect(await attemptRecord(redis)).toMatchObject({ pending: [] });
    expect((await attemptRecord(redis)).refused).toHaveLength(2);
  });

  it('a process with a wrong encryption key reads the shared token as a miss', {
    timeout: limit(2 * WORKER_READY_MS, 2 * TOKEN_REQUEST_MS),
  }, async () => {
    const [writer] = await startWorkers(1);
    const first = combine([await (writer as FleetWorker).run(1)]);
    const [wrongKey] = await startWorkers(1, { encryptionKey: 'a different key, also 32 bytes!!' });
    const second = combine([await (wrongKey as FleetWorker).run(1)]);
    expect(Object.keys(first.tokens)).toHaveLength(1);
    expect(Object.keys(second.tokens)).toHaveLength(1);
    // It could not read the first token, so it fetched (and stored) its own.
    expect(Object.keys(second.tokens)).not.toEqual(Object.keys(first.tokens));
    expect(sandbox.counters('payouts').tokenRequests).toBe(2);
  });

  describe('credentials rotated while the fleet runs (password providers)', () => {
    const ROTATED = 'rotated-password-Fz8!';

    /** The longest run of refusals in a row in the sandbox's log: what EnKash's lock counts. */
    function longestRefusalRun(): number {
      let longest = 0;
      let run = 0;
      for (const entry of sandbox.requests('payouts')) {
        run = entry.outcome === 'issued' ? 0 : run + 1;
        longest = Math.max(longest, run);
      }
      return longest;
    }

    it('two processes meet the rotation at the same moment: at most one refusal each, never two in a row, every caller served, the user never locked', {
      timeout: limit(WORKER_READY_MS, 2 * TOKEN_REQUEST_MS, WAITER_GIVES_UP_MS),
    }, async () => {
      const user = sandbox.users.payouts;
      const fleet = await startWorkers(2, { passwords: [user.password] });
      expect(combine(await Promise.all(fleet.map((worker) => worker.run(10)))).errors).toEqual({});
      expect(sandbox.counters('payouts').tokenRequests).toBe(1);

      // EnKash's side changes; each vault yields the old value once more, then the new one.
      sandbox.setPassword('payouts', user.username, ROTATED);
      await Promise.all(fleet.map((worker) => worker.rotate([user.password, ROTATED])));
      const results = await Promise.all(fleet.map((worker) => worker.run(CALLERS)));
      const { tokens, errors } = combine(results);

      expect(errors).toEqual({});
      expect(Object.values(tokens).reduce((sum, count) => sum + count, 0)).toBe(2 * CALLERS);
      // A token is served only to the credentials that obtained it: a process whose vault
      // still yields the old value makes its own request (issue 25), so one token per process
      // at most, each after at most one refusal of the old value.
      expect(Object.keys(tokens).length).toBeLessThanOrEqual(2);
      const outcomes = sandbox.requests('payouts').map((entry) => entry.outcome);
      expect(outcomes[0]).toBe('issued');
      expect(outcomes.filter((outcome) => outcome === 'rejected').length).toBeLessThanOrEqual(2);
      expect(longestRefusalRun()).toBe(1);
      expect(outcomes.at(-1)).toBe('issued');
      expect(sandbox.failedAttempts('payouts', user.username)).toBe(0);
      expect(sandbox.isLocked('payouts', user.username)).toBe(false);
      for (const result of results) {
        expect(result.status).toMatchObject({ token: 'fresh', guardTripped: false });
      }
      const dump = (await dumpRedis(redis)).join('\n');
      for (const secret of [user.password, ROTATED]) {
        expect(dump).not.toContain(secret);
        expect(results.flatMap((result) => result.eventPayloads).join('\n')).not.toContain(secret);
      }
    });

    it('two processes rotating at the same moment to values that are also wrong: never more than maxConsecutiveFailures refusals in a row', {
      timeout: limit(
        WORKER_READY_MS,
        3 * (2 * TOKEN_REQUEST_MS + ANSWER_DELAY_MS + WAITER_GIVES_UP_MS),
      ),
    }, async () => {
      const user = sandbox.users.payouts;
      // A lock far shorter than EnKash's answer: only the attempts reserved in Redis keep count.
      const overrides = { passwords: [user.password], lockTtlMs: RACE_LOCK_TTL_MS };
      const fleet = await startWorkers(2, overrides);
      expect(combine(await Promise.all(fleet.map((worker) => worker.run(1)))).errors).toEqual({});

      sandbox.setPassword('payouts', user.username, ROTATED);
      await Promise.all(
        fleet.map((worker, index) => worker.rotate([user.password, `also-wrong-${index}-Kd2`])),
      );
      const rounds = [];
      for (let round = 0; round < 3; round += 1) {
        sandbox.enqueueFault(
          'payouts',
          { type: 'delay', ms: ANSWER_DELAY_MS },
          { type: 'delay', ms: ANSWER_DELAY_MS },
        );
        rounds.push(combine(await Promise.all(fleet.map((worker) => worker.run(CALLERS)))));
      }

      for (const { tokens, errors } of rounds) {
        expect(tokens).toEqual({});
        expect(
          Object.keys(errors).every((code) => code === 'REJECTED' || code === 'LOCKOUT_GUARD'),
        ).toBe(true);
      }
      // maxConsecutiveFailures defaults to 2; EnKash locks at 3.
      expect(longestRefusalRun()).toBeLessThanOrEqual(2);
      expect(sandbox.counters('payouts')).toMatchObject({ issued: 1, lockouts: 0 });
      expect(sandbox.isLocked('payouts', user.username)).toBe(false);
      expect(sandbox.failedAttempts('payouts', user.username)).toBeLessThanOrEqual(2);
      expect(rounds[2]?.errors.LOCKOUT_GUARD).toBeGreaterThan(0);
    });
  });
});
