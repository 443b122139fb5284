// The scenarios every shared store's multi-process tests run, written once: the store-specific
// part (starting the workers, reading the lock's TTL) comes from the caller.
import type { Sandbox } from '@enkash/sandbox';
import { expect, vi } from 'vitest';
import { combineFleetResults } from './fleet/combine-fleet-results.js';
import { LOCK_TTL_MS, TOKEN_REQUEST_MS, timeLimit } from './fleet/fleet-deadlines.js';
import type { FleetAuthConfig } from './fleet/fleet-protocol.js';
import type { FleetWorker } from './fleet/start-fleet-worker.js';

/** The sandbox's payouts user as a fleet worker's auth settings, with `overrides` on top. */
export function fleetAuthConfig(
  sandbox: Sandbox,
  overrides: Partial<FleetAuthConfig> = {},
): FleetAuthConfig {
  const { clientId, clientSecret, username, password } = sandbox.users.payouts;
  return {
    baseUrl: sandbox.baseUrl('payouts'),
    clientId,
    clientSecret,
    username,
    password,
    lockTtlMs: LOCK_TTL_MS,
    ...overrides,
  };
}

/**
 * Every caller of every worker asks at once: one token request reaches the
 * sandbox, every caller gets the same token, no store error. Resolves how
 * long the slowest worker took for its callers, and the test's own view.
 */
export async function expectOneTokenRequest(
  workers: readonly FleetWorker[],
  callers: number,
  sandbox: Sandbox,
): Promise<{ slowestMs: number; wallMs: number }> {
  const started = performance.now();
  const results = await Promise.all(workers.map((worker) => worker.run(callers)));
  const wallMs = performance.now() - started;
  const { tokens, errors } = combineFleetResults(results);
  expect(errors).toEqual({});
  expect(Object.values(tokens)).toEqual([workers.length * callers]);
  expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 1, issued: 1 });
  for (const result of results) {
    expect(result.storeErrors).toEqual([]);
  }
  return { slowestMs: Math.max(...results.map((result) => result.elapsedMs)), wallMs };
}

/**
 * The first worker's token request hangs, so it holds the lock mid-request;
 * it is killed (SIGKILL). The others must wait out the lock's TTL (read by
 * `lockLeftMs` while it is held), then one of them takes over: the hung
 * request plus exactly one more, one token for all. Resolves the figures.
 */
export async function expectTakeoverAfterTheHolderIsKilled(options: {
  workers: readonly FleetWorker[];
  callers: number;
  sandbox: Sandbox;
  /** How long the held lock has left, read from the store. */
  lockLeftMs(): Promise<number>;
}): Promise<{ tookOverAfterMs: number; lockLeftMs: number }> {
  const { sandbox, callers } = options;
  const [holder, ...others] = options.workers;
  if (holder === undefined) throw new Error('no holder');
  sandbox.enqueueFault('payouts', { type: 'hang' });
  holder.run(callers).catch(() => undefined);
  await vi.waitFor(() => expect(sandbox.counters('payouts').tokenRequests).toBe(1), {
    timeout: timeLimit(TOKEN_REQUEST_MS),
    interval: 5,
  });
  const othersRun = Promise.all(others.map((worker) => worker.run(callers)));
  const lockLeftMs = await options.lockLeftMs();
  expect(lockLeftMs).toBeGreaterThan(0);
  expect(lockLeftMs).toBeLessThanOrEqual(LOCK_TTL_MS);

  const killedAt = Date.now();
  await holder.kill();
  const results = await othersRun;
  const tookOverAfterMs = Date.now() - killedAt;

  const { tokens, errors } = combineFleetResults(results);
  expect(errors).toEqual({});
  expect(Object.values(tokens)).toEqual([others.length * callers]);
  // The hung request plus exactly one takeover.
  expect(sandbox.counters('payouts')).toMatchObject({
    tokenRequests: 2,
    issued: 1,
    faultsServed: 1,
  });
  // Nobody took the lock early: the takeover followed its expiry. (How soon after depends on
  // the machine's load; the case's time limit bounds it.)
  expect(tookOverAfterMs).toBeGreaterThanOrEqual(lockLeftMs - 50);
  return { tookOverAfterMs, lockLeftMs };
}
