import fc from 'fast-check';

/*
 * The programs of the lockout model (see check-lockout-model.ts): what each
 * profile lets a program do and holds it to, the steps, and their
 * generators. Shared by the model over the memory store (auth-core) and over
 * the real stores (auth-sqlite, auth-redis), so every store meets the same
 * programs.
 */

export type Weather = 'up' | 'down' | 'stalling';

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
export interface Rules {
  storeOutage: 'proceed' | 'refuse';
  weathers: readonly Weather[];
  flushes: boolean;
  restarts: boolean;
  rightPasswordsOnly: boolean;
  check: 'invariant' | 'one attempt per process per outage';
}

export const PROFILES = {
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
export type Profile = keyof typeof PROFILES;
export type PasswordKind = 'right' | 'wrong' | 'vault';

export type Step =
  | { kind: 'call'; processes: number[]; password: PasswordKind; force: boolean; callers: number }
  | { kind: 'weather'; weather: Weather }
  | { kind: 'flush' }
  | { kind: 'corrupt'; value: string }
  | { kind: 'restart'; process: number }
  | { kind: 'rotate' }
  | { kind: 'learn'; process: number }
  | { kind: 'advance'; seconds: number };

export interface Scenario {
  setting: { processes: number; profile: Profile; random: number };
  steps: Step[];
}

/** The most steps a program has: with the per-step deadlines, what bounds a program's time. */
export const MOST_STEPS = 24;

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

/** Programs drawn from `profiles` (every profile when not given). */
export function scenarioArbitrary(
  profiles: readonly Profile[] = Object.keys(PROFILES) as Profile[],
): fc.Arbitrary<Scenario> {
  return fc
    .record({
      processes: fc.integer({ min: 2, max: 4 }),
      profile: fc.constantFrom(...profiles),
      random: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    })
    .chain((setting) =>
      fc.record({
        setting: fc.constant(setting),
        steps: fc.array(stepArbitrary(setting.processes), { minLength: 4, maxLength: MOST_STEPS }),
      }),
    );
}

/** A small seeded generator, so each run's store faults follow from its scenario. */
export function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface ModelClock {
  now(): number;
  advance(milliseconds: number): void;
}

/**
 * Real time, moved ahead by the model: a second before every call (the
 * account's pace of one token request a second never waits), and by the
 * program's own `advance` steps (tokens and reservations expire).
 */
export function modelClock(): ModelClock {
  let jump = 0;
  return {
    now: () => Date.now() + jump,
    advance: (milliseconds: number) => {
      jump += milliseconds;
    },
  };
}
