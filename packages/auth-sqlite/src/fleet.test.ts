import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { createPayoutsAuth } from '@enkash/payouts';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import {
  expectOneTokenRequest,
  expectTakeoverAfterTheHolderIsKilled,
  findSecrets,
  fleetAuthConfig,
} from '@enkash/test-kit';
import {
  ANSWER_DELAY_MS,
  combineFleetResults as combine,
  createFleet,
  ensureBuilt,
  errorCount,
  type FleetAuthConfig,
  type FleetWorker,
  timeLimit as limit,
  RACE_LOCK_TTL_MS,
  SETUP_MS,
  TOKEN_REQUEST_MS,
  WAITER_GIVES_UP_MS,
  WORKER_READY_MS,
} from '@enkash/test-kit/fleet';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';
import type { SqliteStore } from './sqlite-store-options.js';
import type { SqliteWorkerStoreConfig } from './test-support/sqlite-worker-store-config.js';

const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const workerPath = fileURLToPath(new URL('./test-support/fleet-worker.ts', import.meta.url));

const PROCESSES = 4;
const CALLERS = 50;
const RESTARTS = 5;
const ENCRYPTION_KEY = 'fleet test key material, 32 byte';
const WRONG_PASSWORD = 'not-the-password-Qx7';
const fingerprint = (token: string) =>
  createHash('sha256').update(token).digest('hex').slice(0, 16);

describe('processes of one host sharing one SQLite file', () => {
  let folder: string;
  let path: string;
  let sandbox: Sandbox;
  const workers = createFleet(workerPath);
  const inProcessStores: SqliteStore[] = [];

  type Overrides = Partial<FleetAuthConfig> & { encryptionKey?: string | undefined };
  const config = (overrides: Overrides = {}) => {
    // An explicit `encryptionKey: undefined` means a store without one.
    const { encryptionKey = 'encryptionKey' in overrides ? undefined : ENCRYPTION_KEY, ...rest } =
      overrides;
    const auth = fleetAuthConfig(sandbox, rest);
    const store: SqliteWorkerStoreConfig =
      encryptionKey === undefined ? { path } : { path, encryptionKey };
    return { auth, store };
  };
  const startWorkers = (count: number, overrides: Overrides = {}) =>
    workers.start(count, () => config(overrides));
  /** Every byte SQLite keeps for the file: the database, its WAL and its shared-memory index. */
  const filesOnDisk = () => [path, `${path}-wal`, `${path}-shm`].filter((file) => existsSync(file));
  const lockRows = () => {
    const raw = new DatabaseSync(path, { readOnly: true });
    try {
      return raw.prepare('SELECT key, owner, expires_at FROM enkash_locks').all() as {
        key: string;
        owner: string;
        expires_at: number;
      }[];
    } finally {
      raw.close();
    }
  };

  // A build may run here when the sources are newer than dist/.
  beforeAll(() => ensureBuilt(packageRoot), limit(60_000));

  // Each case has its own file and sandbox and stops them, processes first, even when it fails
  // or times out: nothing a case left running can reach the next.
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'enkash-sqlite-fleet-'));
    path = join(folder, 'tokens.sqlite');
    sandbox = await startSandbox();
  }, limit(SETUP_MS));

  afterEach(async () => {
    await workers.killAll();
    await Promise.all(inProcessStores.splice(0).map((store) => store.close()));
    await sandbox?.close();
    rmSync(folder, { recursive: true, force: true });
  }, limit(SETUP_MS));

  it(`${PROCESSES} processes x ${CALLERS} concurrent callers: one token request, one token`, {
    timeout: limit(WORKER_READY_MS, WAITER_GIVES_UP_MS),
  }, async () => {
    const { slowestMs, wallMs } = await expectOneTokenRequest(
      await startWorkers(PROCESSES),
      CALLERS,
      sandbox,
    );
    console.info(
      `${PROCESSES} x ${CALLERS} callers: 1 token request; the last caller served after ${slowestMs.toFixed(0)} ms (${wallMs.toFixed(0)} ms as the test saw it)`,
    );
  });

  it(`a wrong password in a restart loop of ${RESTARTS} process starts: at most 2 attempts reach EnKash, the user never locked`, {
    timeout: limit(RESTARTS * (WORKER_READY_MS + TOKEN_REQUEST_MS)),
  }, async () => {
    const user = sandbox.users.payouts;
    const codes: string[] = [];
    for (let start = 0; start < RESTARTS; start += 1) {
      // A service that exits when its token request is refused, restarted by systemd or PM2.
      const [service] = await startWorkers(1, { password: WRONG_PASSWORD });
      if (service === undefined) throw new Error('no process');
      const { tokens, errors } = combine([await service.run(1)]);
      expect(tokens).toEqual({});
      codes.push(...Object.keys(errors));
      await service.kill();
    }

    expect(codes).toEqual([
      'REJECTED',
      'REJECTED',
      'LOCKOUT_GUARD',
      'LOCKOUT_GUARD',
      'LOCKOUT_GUARD',
    ]);
    const counters = sandbox.counters('payouts');
    expect(counters.tokenRequests).toBe(2);
    expect(counters.rejected).toBe(2);
    expect(counters.lockouts).toBe(0);
    expect(sandbox.isLocked('payouts', user.username)).toBe(false);
    expect(sandbox.failedAttempts('payouts', user.username)).toBe(2);
    console.info(
      `restart loop: ${RESTARTS} starts, ${counters.tokenRequests} requests reached the sandbox (${codes.join(', ')})`,
    );
  });

  it('two processes racing their first request with a wrong password: at most 2 attempts, the user never locked', {
    timeout: limit(WORKER_READY_MS, 2 * WAITER_GIVES_UP_MS),
  }, async () => {
    const user = sandbox.users.payouts;
    const pair = await startWorkers(2, { password: WRONG_PASSWORD });
    const first = combine(await Promise.all(pair.map((worker) => worker.run(CALLERS))));
    const afterFirst = sandbox.counters('payouts').tokenRequests;
    // And again: the host's count stops both.
    const second = combine(await Promise.all(pair.map((worker) => worker.run(CALLERS))));

    for (const { tokens, errors } of [first, second]) {
      expect(tokens).toEqual({});
      expect(errorCount(errors)).toBe(2 * CALLERS);
      expect(
        Object.keys(errors).every((code) => code === 'REJECTED' || code === 'LOCKOUT_GUARD'),
      ).toBe(true);
    }
    const counters = sandbox.counters('payouts');
    expect(counters.tokenRequests).toBeGreaterThanOrEqual(1);
    expect(counters.tokenRequests).toBeLessThanOrEqual(2);
    expect(counters.lockouts).toBe(0);
    expect(sandbox.isLocked('payouts', user.username)).toBe(false);
    expect(sandbox.failedAttempts('payouts', user.username)).toBeLessThanOrEqual(2);
    console.info(
      `first-request race: ${afterFirst} request(s) after the race, ${counters.tokenRequests} after a second round`,
    );
  });

  it('two processes racing with a lock far shorter than EnKash answers: the attempt record alone keeps them at 2', {
    timeout: limit(WORKER_READY_MS, ANSWER_DELAY_MS, 2 * WAITER_GIVES_UP_MS, WORKER_READY_MS),
  }, async () => {
    const user = sandbox.users.payouts;
    const pair = await startWorkers(2, { password: WRONG_PASSWORD, lockTtlMs: RACE_LOCK_TTL_MS });
    sandbox.enqueueFault(
      'payouts',
      { type: 'delay', ms: ANSWER_DELAY_MS },
      { type: 'delay', ms: ANSWER_DELAY_MS },
    );
    const race = combine(await Promise.all(pair.map((worker) => worker.run(1))));
    expect(errorCount(race.errors)).toBe(2);
    // A third process started after the race finds the count on the file.
    const [latecomer] = await startWorkers(1, { password: WRONG_PASSWORD });
    expect(combine([await (latecomer as FleetWorker).run(1)]).errors).toEqual({
      LOCKOUT_GUARD: 1,
    });

    const counters = sandbox.counters('payouts');
    expect(counters.tokenRequests).toBeLessThanOrEqual(2);
    expect(counters.lockouts).toBe(0);
    expect(sandbox.isLocked('payouts', user.username)).toBe(false);
    console.info(`race past the lock: ${counters.tokenRequests} request(s) reached the sandbox`);
  });

  it('a process killed while holding the lock: the others proceed once its TTL passed', {
    timeout: limit(WORKER_READY_MS, TOKEN_REQUEST_MS, WAITER_GIVES_UP_MS),
  }, async () => {
    // Every process is up before the clock starts: only the lock decides who waits.
    const { tookOverAfterMs, lockLeftMs } = await expectTakeoverAfterTheHolderIsKilled({
      workers: await startWorkers(PROCESSES),
      callers: CALLERS,
      sandbox,
      async lockLeftMs() {
        const [lock] = lockRows();
        expect(lock).toBeDefined();
        return (lock?.expires_at ?? 0) - Date.now();
      },
    });
    console.info(
      `takeover ${tookOverAfterMs} ms after the kill; the lock had ${lockLeftMs} ms left`,
    );
  });

  describe('what the file holds', () => {
    /** Everything a reader of the file must never find, by name. */
    const secrets = (token?: string) => {
      const { clientId, clientSecret, username, password } = sandbox.users.payouts;
      return {
        password,
        'wrong password': WRONG_PASSWORD,
        'client secret': clientSecret,
        'Basic value': `${clientId}:${clientSecret}`,
        username,
        'client id': clientId,
        ...(token === undefined ? {} : { 'access token': token }),
      };
    };
    const findInFiles = (values: Record<string, string>) =>
      filesOnDisk().flatMap((file) =>
        findSecrets(readFileSync(file), values).map((found) => `${file}: ${found}`),
      );

    /** Runs the right password, then a wrong one, across processes; returns the token they share and the processes. */
    async function fillTheFile(
      encryptionKey: string | undefined,
    ): Promise<{ token: string; processes: FleetWorker[] }> {
      const user = sandbox.users.payouts;
      const fleet = await startWorkers(3, { encryptionKey });
      const served = combine(await Promise.all(fleet.map((worker) => worker.run(10))));
      expect(served.errors).toEqual({});
      // This process adopts the token the others stored: the token a reader of the file must not see.
      const store = createSqliteStore({
        path,
        ...(encryptionKey === undefined ? {} : { encryptionKey }),
      });
      inProcessStores.push(store);
      const auth = createPayoutsAuth({
        baseUrl: sandbox.baseUrl('payouts'),
        clientId: user.clientId,
        clientSecret: user.clientSecret,
        username: user.username,
        password: user.password,
        store,
      });
      const { accessToken } = await auth.getToken();
      expect(Object.keys(served.tokens)).toEqual([fingerprint(accessToken)]);
      // A wrong password leaves an attempt record and an announced refusal behind.
      const [wrong] = await startWorkers(1, { encryptionKey, password: WRONG_PASSWORD });
      expect(combine([await (wrong as FleetWorker).run(1)]).errors).toEqual({ REJECTED: 1 });
      expect(sandbox.counters('payouts').tokenRequests).toBe(2);
      return { token: accessToken, processes: [...fleet, wrong as FleetWorker] };
    }

    it('with encryptionKey: no password, client secret, Basic value, identity or token in the database, its -wal or its -shm, in any spelling', {
      timeout: limit(2 * WORKER_READY_MS, 2 * TOKEN_REQUEST_MS, SETUP_MS),
    }, async () => {
      const { token, processes } = await fillTheFile(ENCRYPTION_KEY);
      // While the processes run, most of what was written is still in the WAL.
      expect(filesOnDisk().map((file) => file.slice(path.length))).toEqual(['', '-wal', '-shm']);
      expect(findInFiles(secrets(token))).toEqual([]);
      // Once every process closed it, SQLite folds the WAL into the database.
      await Promise.all(processes.map((worker) => worker.close()));
      await Promise.all(inProcessStores.splice(0).map((store) => store.close()));
      expect(findInFiles(secrets(token))).toEqual([]);
      expect(filesOnDisk().length).toBeGreaterThan(0);
    });

    it('without encryptionKey: the token is readable there (what the README says), still no password, secret or identity', {
      timeout: limit(2 * WORKER_READY_MS, 2 * TOKEN_REQUEST_MS, SETUP_MS),
    }, async () => {
      const { token } = await fillTheFile(undefined);
      // The search finds what is there: the token, stored in clear without a key.
      expect(findInFiles({ 'access token': token }).length).toBeGreaterThan(0);
      expect(findInFiles(secrets())).toEqual([]);
    });
  });
});
