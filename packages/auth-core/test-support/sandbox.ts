import { type Sandbox, type StartSandboxOptions, startSandbox } from '@enkash/sandbox';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createAuth } from '../src/create-auth.js';
import type { EnkashAuth, EnkashAuthEvent } from '../src/enkash-auth.js';
import {
  constructIn,
  createAccountRegistry,
  forgetAccounts,
} from '../src/lifecycle/account-registry.js';
import type { AuthOptions } from '../src/options/auth-options.js';
import type { ProductDefinition } from '../src/product/product-definition.js';

/** A clock the test moves by hand; the sandbox and the auth share it. */
export interface ManualClock {
  now(): number;
  advance(milliseconds: number): void;
  set(epochMilliseconds: number): void;
}

/** Starts at a fixed, realistic epoch so expiry values look like real ones. */
export function createManualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (milliseconds) => {
      current += milliseconds;
    },
    set: (epochMilliseconds) => {
      current = epochMilliseconds;
    },
  };
}

/**
 * The real clock, which a test can move ahead by hand: for crossing the
 * lifecycle's pace (at most one token request a second) without sleeping.
 */
export function createLeapingClock(): { now(): number; leap(milliseconds: number): void } {
  let ahead = 0;
  return {
    now: () => Date.now() + ahead,
    leap: (milliseconds) => {
      ahead += milliseconds;
    },
  };
}

/**
 * Starts one sandbox for the file, resets it after each test. `use()` returns
 * the running sandbox.
 */
export function useSandbox(options: StartSandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(options);
  });
  afterEach(() => {
    sandbox?.reset();
    // Every case starts as a fresh process: no token, no count from the case before.
    forgetAccounts();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  return () => {
    if (sandbox === undefined) throw new Error('sandbox not started');
    return sandbox;
  };
}

type SandboxProductName = 'payouts' | 'cards' | 'bbps' | 'rewards' | 'expense';

/** Options pointing an auth at the sandbox's product with its demo user. */
export function sandboxOptions(
  sandbox: Sandbox,
  product: SandboxProductName,
  overrides: Partial<AuthOptions> & Record<string, unknown> = {},
): AuthOptions & Record<string, unknown> {
  const { apiKey, ...user } = sandbox.users[product] as typeof sandbox.users.payouts & {
    apiKey?: string;
  };
  return {
    baseUrl: sandbox.baseUrl(product),
    ...user,
    ...(apiKey === undefined ? {} : { apiKey }),
    retryDelayMs: 1,
    ...overrides,
  };
}

/** An auth on the sandbox with the definition's product and demo user. */
export function sandboxAuth(
  sandbox: Sandbox,
  definition: ProductDefinition,
  overrides: Partial<AuthOptions> & Record<string, unknown> = {},
): EnkashAuth {
  return createAuth(
    definition,
    sandboxOptions(sandbox, definition.product as SandboxProductName, overrides),
  );
}

/** Every event name an auth emits. */
export const EVERY_EVENT = [
  'token',
  'refresh-error',
  'lockout',
  'store-error',
  'lifetime-clamped',
  'token-request',
  'retry',
  'guard-refused',
  'token-adopted',
] as const;

/** Collects every payload of every event an auth hears, the observability events included. */
export function recordAllEvents(auth: EnkashAuth): Array<{ event: string; payload: unknown }> {
  const seen: Array<{ event: string; payload: unknown }> = [];
  for (const event of EVERY_EVENT) auth.on(event, (payload) => seen.push({ event, payload }));
  return seen;
}

/** Collects the payloads of the events an auth emits, those before the observability events. */
export function recordEvents(auth: EnkashAuth): Array<{ event: string; payload: unknown }> {
  const seen: Array<{ event: string; payload: unknown }> = [];
  for (const event of [
    'token',
    'refresh-error',
    'lockout',
    'store-error',
    'lifetime-clamped',
  ] as const) {
    auth.on(event, (payload) => seen.push({ event, payload }));
  }
  return seen;
}

/** Resolves once the auth emits `event` (or rejects after two seconds). */
export function nextEvent(auth: EnkashAuth, event: EnkashAuthEvent): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event`)), 2_000);
    const off = auth.on(event, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/**
 * Runs `construct` as if in another process: the auths it creates share no
 * account (token, request in flight, guard count) with the others, only
 * whatever store they are given. Plays one member of a fleet.
 */
export function inAnotherProcess<T>(construct: () => T): T {
  return constructIn(createAccountRegistry(), construct);
}
