import { createSandboxHandler, type SandboxHandler } from '@enkash/sandbox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { createAuth } from '../create-auth.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import { deriveStoreKey } from '../store/store-key.js';
import type { TokenStore } from '../store/token-store.js';
import { type AccountRegistry, constructIn, createAccountRegistry } from './account-registry.js';
import { parseAttemptRecord } from './attempt-record.js';

/*
 * A model test of the lockout guard (issue 25): N processes of a fleet (each
 * its own account registry) share one store, talk to the sandbox's engine
 * in process (EnKash's own rules: 3 consecutive failures lock the user), and
 * run a random program of calls with right, wrong and lagging (vault)
 * passwords, rotations, concurrent callers and forced refreshes, while the
 * store goes down, stalls (operations time out and are applied later, or
 * never), is flushed or corrupted, and processes restart. The invariant,
 * checked on the server's log:
 *
 * - EnKash never locks the user (never sees a 3rd consecutive failure);
 * - a right password is refused by the guard (LOCKOUT_GUARD) only when two
 *   refusals happened since the last success: refusals answered after that
 *   success's request was sent (one that overlapped it may have reached
 *   EnKash after it, so it counts);
 * - a token goes only to the password that obtained it.
 *
 * Restarts run with a healthy store: a process restarting while the only
 * copy of a refusal is in its memory (the store down or flushed) takes it
 * with it, which no client can undo (the SQLite store keeps it on disk).
 *
 * ENKASH_MODEL_RUNS sets the number of runs (default 120 in `npm test`),
 * ENKASH_MODEL_SEED the seed (printed every run, and by fast-check on failure),
 * ENKASH_MODEL_PROFILE the profiles to draw from (names joined by `|`).
 */

const RUNS = Number(process.env.ENKASH_MODEL_RUNS ?? 120);
const SEED = Number(process.env.ENKASH_MODEL_SEED ?? Date.now() % 2_147_483_647);
const WRONG_PASSWORD = 'model-wrong-password';
const process_env_debug = process.env.MODEL_DEBUG === '1';
const MAX_FAILURES = 2;

type Weather = 'up' | 'down' | 'stalling';
/**
 * What a program may do, and what it is held to. `storeOutage: 'refuse'`
 * keeps the whole invariant through every store fault. `'proceed'` (the
 * default) keeps it wherever the store can be read; while it cannot, each
 * process sends at most one request and none after a refusal (so N blind
 * processes add up to N attempts): checked as such. Attempts made while the
 * store could not order them stay counted until a success it recorded (a
 * success sent blind cannot clear refusals it cannot place), so a right
 * password refused then is not held against the guard in that profile.
 */
interface Rules {
  storeOutage: 'proceed' | 'refuse';
  weathers: readonly Weather[];
  flushes: boolean;
  restarts: boolean;
  rightPasswordsOnly: boolean;
  check: 'invariant' | 'one attempt per process per outage';
}

const PROFILES = {
  'refuse: outages, stalls, flushes, corruption': {
    storeOutage: 'refuse',
    weathers: ['up', 'down', 'stalling'],
    flushes: true,
    restarts: false,
    rightPasswordsOnly: false,
    check: 'invariant',
  },
  'proceed: flushes and corruption': {
    storeOutage: 'proceed',
    weathers: ['up'],
    flushes: true,
    restarts: false,
    rightPasswordsOnly: false,
    check: 'invariant',
  },
  'proceed: restarts': {
    storeOutage: 'proceed',
    weathers: ['up'],
    flushes: false,
    restarts: true,
    rightPasswordsOnly: false,
    check: 'invariant',
  },
  'proceed: stalls, right passwords': {
    storeOutage: 'proceed',
    weathers: ['up', 'stalling'],
    flushes: false,
    restarts: false,
    rightPasswordsOnly: true,
    check: 'invariant',
  },
  'proceed: outages': {
    storeOutage: 'proceed',
    weathers: ['up', 'down'],
    flushes: false,
    restarts: false,
    rightPasswordsOnly: false,
    check: 'one attempt per process per outage',
  },
} as const satisfies Record<string, Rules>;
type Profile = keyof typeof PROFILES;
type PasswordKind = 'right' | 'wrong' | 'vault';

type Step =
  | { kind: 'call'; processes: number[]; password: PasswordKind; force: boolean; callers: number }
  | { kind: 'weather'; weather: Weather }
  | { kind: 'flush' }
  | { kind: 'corrupt'; value: string }
  | { kind: 'restart'; process: number }
  | { kind: 'rotate' }
  | { kind: 'learn'; process: number }
  | { kind: 'advance'; seconds: number };

const stepArbitrary = (processes: number): fc.Arbitrary<Step> => {
  const process = fc.integer({ min: 0, max: processes - 1 });
  return fc.oneof(
    {
      weight: 10,
      arbitrary: fc.record({
        kind: fc.constant('call' as const),
        processes: fc.uniqueArray(process, { minLength: 1, maxLength: processes }),
        password: fc.constantFrom<PasswordKind>('right', 'wrong', 'vault'),
        force: fc.boolean(),
        callers: fc.integer({ min: 1, max: 3 }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('weather' as const),
        weather: fc.constantFrom<Weather>('up', 'down', 'stalling'),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('corrupt' as const),
        value: fc.constantFrom('-5', 'abc', '1.5', '{"v":1,"epoch":-1}', '[]'),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('restart' as const), process }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'rotate' as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('learn' as const), process }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('advance' as const),
        seconds: fc.constantFrom(1, 5, 60, 400),
      }),
    },
  );
};

const scenarioArbitrary = fc
  .record({
    processes: fc.integer({ min: 2, max: 4 }),
    profile: fc.constantFrom(
      ...((process.env.ENKASH_MODEL_PROFILE?.split('|') ?? Object.keys(PROFILES)) as Profile[]),
    ),
    random: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  })
  .chain((setting) =>
    fc.record({
      setting: fc.constant(setting),
      steps: fc.array(stepArbitrary(setting.processes), { minLength: 4, maxLength: 24 }),
    }),
  );

/** A small seeded generator, so each run's store faults follow from its scenario. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Real time, moved ahead by the model: a second before every call (the
 * account's pace of one token request a second never waits), and by the
 * program's own `advance` steps (tokens and reservations expire).
 */
function modelClock() {
  let jump = 0;
  return {
    now: () => Date.now() + jump,
    advance: (milliseconds: number) => {
      jump += milliseconds;
    },
  };
}

interface ModelStore extends TokenStore {
  weather: Weather;
  flush(): void;
  corrupt(key: string, value: string): Promise<void>;
  /** The value under `key`, read past every fault. */
  peek(key: string): Promise<string | undefined>;
  settled(): Promise<void>;
}

/** A shared store whose weather the model sets: up, down, or stalling (late and lost operations). */
function modelStore(clock: { now(): number }, random: () => number): ModelStore {
  let inner = createMemoryStore({ clock });
  const late: Promise<unknown>[] = [];
  const pause = (milliseconds: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, milliseconds));
  const operation =
    (name: string) =>
    (...parameters: unknown[]): Promise<unknown> => {
      const target = inner as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>;
      const run = () => target[name]?.apply(target, parameters);
      if (store.weather === 'down') {
        return Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        );
      }
      if (store.weather === 'stalling' && random() < 0.3) {
        // Timed out for the caller; applied later, or lost with the connection.
        if (random() < 0.8) late.push(pause(1 + Math.floor(random() * 25)).then(run));
        return pause(1 + Math.floor(random() * 3)).then(() => {
          throw Object.assign(new Error(`${name} timed out`), { code: 'REDIS_TIMEOUT' });
        });
      }
      return run() as Promise<unknown>;
    };
  const operations = Object.fromEntries(
    Object.keys(inner)
      .filter((name) => name !== 'waitFor')
      .map((name) => [name, operation(name)]),
  ) as unknown as Omit<TokenStore, 'waitFor'>;
  const store: ModelStore = {
    ...operations,
    shared: true,
    weather: 'up',
    flush() {
      inner = createMemoryStore({ clock });
    },
    async corrupt(key, value) {
      await inner.set(key, value, 3_600_000);
    },
    async settled() {
      await Promise.allSettled(late);
    },
    peek(key) {
      return inner.get(key);
    },
  };
  return store;
}

/** One token request as the server saw it, in the order of events. */
interface Exchange {
  process: number;
  /** The step at which the store went down, when it was down as the request was sent. */
  downSince: number | undefined;
  sent: number;
  answered?: number;
  outcome?: 'token' | 'refused' | 'other';
}

interface Violation {
  what: string;
  step: number;
}

async function runScenario(scenario: {
  setting: { processes: number; profile: Profile; random: number };
  steps: Step[];
}): Promise<{ violations: Violation[]; exchanges: Exchange[]; locked: boolean }> {
  const { setting, steps } = scenario;
  const random = mulberry32(setting.random);
  const clock = modelClock();
  const handler: SandboxHandler = createSandboxHandler({ now: clock.now });
  const user = handler.users.payouts;
  const store = modelStore(clock, random);
  const exchanges: Exchange[] = [];
  // Which password obtained each token the server issued.
  const obtainedWith = new Map<string, string>();
  const violations: Violation[] = [];
  let sequence = 0;
  let serverPassword = user.password;
  const vaults = Array.from({ length: setting.processes }, () => user.password);
  const registries: AccountRegistry[] = Array.from({ length: setting.processes }, () =>
    createAccountRegistry(),
  );
  const fetchOf =
    (process: number) =>
    async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const exchange: Exchange = { process, downSince, sent: ++sequence };
      exchanges.push(exchange);
      const request = new Request(input, init);
      const sentPassword = new URLSearchParams(await request.clone().text()).get('password');
      const response = await handler(request);
      exchange.answered = ++sequence;
      exchange.outcome =
        response.status === 200 ? 'token' : response.status < 500 ? 'refused' : 'other';
      if (process_env_debug)
        console.log(
          'exchange',
          process,
          sentPassword,
          response.status,
          await response.clone().text(),
        );
      if (response.status === 200) {
        const { accessToken } = (await response.clone().json()) as { accessToken: string };
        obtainedWith.set(accessToken, sentPassword ?? '');
      }
      return response;
    };
  const refusalsSinceLastSuccess = (at: number): number => {
    const answered = exchanges.filter((exchange) => (exchange.answered ?? at) < at);
    const success = answered.filter((exchange) => exchange.outcome === 'token').at(-1);
    return answered.filter(
      (exchange) =>
        exchange.outcome === 'refused' &&
        (success === undefined || (exchange.answered as number) > success.sent),
    ).length;
  };
  const rules: Rules = PROFILES[setting.profile];
  const { storeOutage } = rules;
  // The step at which the store last went down, while it is down.
  let downSince: number | undefined;
  const identity = {
    product: 'payouts',
    baseUrl: 'http://127.0.0.1:9/payouts',
    clientId: user.clientId,
    username: user.username,
  };
  const accountKeyPrefix = () =>
    deriveStoreKey({
      product: 'payouts',
      baseUrl: 'http://127.0.0.1:9/payouts',
      clientId: user.clientId,
      username: user.username,
    });

  /**
   * A process that could not write how its attempt ended keeps trying in the
   * background; with the store reachable, time passes only once it has (a
   * reservation whose outcome is never written lapses into a refusal, the
   * conservative side, which a process that never reaches the store leaves).
   */
  const beforeTimePasses = async () => {
    await store.settled();
    if (store.weather === 'down') return;
    const giveUpAt = Date.now() + 15_000;
    const accounts = () => registries.map((registry) => registry.accountFor(identity));
    while (!accounts().every((account) => account.ledger.synced)) {
      if (Date.now() > giveUpAt) throw new Error('a process never wrote its outcome back');
      // Time does not pass in the model until it has: let its background write try now.
      for (const account of accounts()) account.syncing?.now();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  /**
   * A flush or corruption comes at a quiet moment, when every process has
   * read the latest count: a refusal that only the lost record and an idle
   * process held cannot be known by another process until that one writes it
   * back, and a process that never saw a count cannot tell a lost one from
   * none.
   */
  const everyoneKnowsTheCount = async (): Promise<boolean> => {
    await beforeTimePasses();
    if (store.weather !== 'up') return false;
    const record = parseAttemptRecord(await store.peek(`${await accountKeyPrefix()}:attempts`));
    const ledgers = registries.map((registry) => registry.accountFor(identity).ledger);
    const known = (ids: Iterable<string>) => [...ids].sort().join(',');
    const first = known(ledgers[0]?.refused.keys() ?? []);
    if (record !== undefined && record !== 'corrupt') {
      if (record.pending.length > 0 || known(record.refused.map((entry) => entry.id)) !== first) {
        return false;
      }
    }
    return ledgers.every((ledger) => ledger.synced && known(ledger.refused.keys()) === first);
  };

  for (const [index, step] of steps.entries()) {
    switch (step.kind) {
      case 'call': {
        await beforeTimePasses();
        clock.advance(1_000);
        const kind = rules.rightPasswordsOnly ? 'right' : step.password;
        const calls = step.processes.flatMap((process) => {
          const password =
            kind === 'right'
              ? serverPassword
              : kind === 'wrong'
                ? WRONG_PASSWORD
                : (vaults[process] as string);
          const right = password === serverPassword;
          const auth = constructIn(registries[process] as AccountRegistry, () =>
            createAuth(camelDefinition, {
              baseUrl: 'http://127.0.0.1:9/payouts',
              clientId: user.clientId,
              clientSecret: user.clientSecret,
              username: user.username,
              password: kind === 'vault' ? async () => vaults[process] as string : password,
              store,
              clock,
              fetch: fetchOf(process),
              retries: 0,
              timeoutMs: 250,
              storeOutage,
            } as Parameters<typeof createAuth>[1]),
          );
          const weatherAtStart = store.weather;
          return Array.from({ length: step.callers }, (_, caller) =>
            auth.getToken(step.force && caller === 0 ? { forceRefresh: true } : undefined).then(
              (token) => {
                if (obtainedWith.get(token.accessToken) !== password) {
                  violations.push({
                    what: 'a token went to a password that did not obtain it',
                    step: index,
                  });
                }
              },
              (error: unknown) => {
                const code = EnkashAuthError.isInstance(error) ? error.code : 'untyped';
                const at = ++sequence;
                if (code === 'untyped') {
                  violations.push({ what: `an untyped error: ${String(error)}`, step: index });
                }
                if (
                  right &&
                  code === 'LOCKOUT_GUARD' &&
                  rules.check === 'invariant' &&
                  refusalsSinceLastSuccess(at) < MAX_FAILURES
                ) {
                  violations.push({
                    what: `a right password refused by the guard after ${refusalsSinceLastSuccess(at)} refusals`,
                    step: index,
                  });
                }
                if (
                  code === 'STORE_UNAVAILABLE' &&
                  weatherAtStart === 'up' &&
                  store.weather === 'up'
                ) {
                  // Only a stalled operation applied late could touch an up store; none makes it unavailable.
                  violations.push({
                    what: 'STORE_UNAVAILABLE while the store was up',
                    step: index,
                  });
                }
              },
            ),
          );
        });
        await Promise.all(calls);
        break;
      }
      case 'weather':
        if (rules.weathers.includes(step.weather)) {
          if (step.weather === 'down' && store.weather !== 'down') downSince = index;
          if (step.weather !== 'down') downSince = undefined;
          store.weather = step.weather;
          if (step.weather === 'up') await beforeTimePasses();
        }
        break;
      case 'flush':
        if (rules.flushes && (await everyoneKnowsTheCount())) store.flush();
        break;
      case 'corrupt':
        if (rules.flushes && (await everyoneKnowsTheCount())) {
          const key = await accountKeyPrefix();
          await store.corrupt(`${key}:attempts`, step.value);
          await store.corrupt(`${key}:failures`, step.value);
        }
        break;
      case 'restart':
        if (rules.restarts) {
          registries[step.process] = createAccountRegistry();
        }
        break;
      case 'rotate':
        if (rules.rightPasswordsOnly) break;
        serverPassword = `rotated-${index}-password`;
        handler.setPassword('payouts', user.username, serverPassword);
        break;
      case 'learn':
        vaults[step.process] = serverPassword;
        break;
      case 'advance':
        await beforeTimePasses();
        clock.advance(step.seconds * 1_000);
        break;
    }
    if (rules.check === 'invariant' && handler.isLocked('payouts', user.username)) {
      violations.push({ what: 'EnKash locked the user', step: index });
      break;
    }
  }
  if (rules.check === 'one attempt per process per outage') {
    violations.push(...outageViolations(exchanges));
  }
  store.weather = 'up';
  await store.settled();
  const locked = handler.isLocked('payouts', user.username);
  handler.close();
  return { violations, exchanges, locked };
}

/** With `'proceed'`: per process and outage, at most one refused request, and none sent after it. */
function outageViolations(exchanges: readonly Exchange[]): Violation[] {
  const violations: Violation[] = [];
  const groups = new Map<string, Exchange[]>();
  for (const exchange of exchanges) {
    if (exchange.downSince === undefined) continue;
    const key = `${exchange.process}@${exchange.downSince}`;
    groups.set(key, [...(groups.get(key) ?? []), exchange]);
  }
  for (const [key, group] of groups) {
    const refused = group.filter((exchange) => exchange.outcome === 'refused');
    const first = refused[0];
    const after =
      first === undefined
        ? []
        : group.filter((exchange) => exchange.sent > (first.answered as number));
    if (refused.length > 1 || after.length > 0) {
      violations.push({
        what: `process ${key}: ${refused.length} refused and ${after.length} sent after a refusal during one outage`,
        step: -1,
      });
    }
  }
  return violations;
}

describe('a model of the lockout guard against one shared store with faults', () => {
  it(
    `holds the invariant over ${RUNS} random programs (seed ${SEED})`,
    async () => {
      console.info(`lockout model: ${RUNS} runs, seed ${SEED} (ENKASH_MODEL_SEED to replay)`);
      const tally = { runs: 0, requests: 0, refusals: 0 };
      await fc.assert(
        fc.asyncProperty(scenarioArbitrary, async (scenario) => {
          const { violations, exchanges } = await runScenario(scenario);
          tally.runs += 1;
          tally.requests += exchanges.length;
          tally.refusals += exchanges.filter((exchange) => exchange.outcome === 'refused').length;
          expect(violations).toEqual([]);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: false },
      );
      console.info(
        `lockout model: ${tally.runs} programs (with shrinking), ${tally.requests} token requests, ${tally.refusals} refused, 0 violations`,
      );
      // The programs reach refusals in numbers: the guard is exercised, not bypassed.
      expect(tally.refusals).toBeGreaterThan(RUNS / 4);
    },
    // Each program runs in tens of milliseconds; a loaded machine may be many times slower.
    Math.max(120_000, RUNS * 2_000),
  );
});
