import { createSandboxHandler } from '@enkash/sandbox';
import { createAccountRegistry } from '../../src/lifecycle/account-registry.js';
import { parseAttemptRecord } from '../../src/lifecycle/attempt-record.js';
import { deriveStoreKey } from '../../src/store/store-key.js';
import { BASE_URL, type ProgramState, runCall } from './call-step.js';
import { injectFaults, type OpenBacking } from './model-store.js';
import {
  modelClock,
  mulberry32,
  PROFILES,
  type Rules,
  type Scenario,
  type Step,
} from './program.js';
import { type Exchange, outageViolations, type Violation } from './server-log.js';

const debug = process.env.MODEL_DEBUG === '1';

/** The store faults a program applied (weather aside): what the tally reports. */
export interface AppliedFaults {
  flushes: number;
  corruptions: number;
  /** Of the corruptions, those written in the backend's raw form. */
  rawCorruptions: number;
  restarts: number;
}

export interface ProgramResult {
  violations: Violation[];
  exchanges: Exchange[];
  locked: boolean;
  faults: AppliedFaults;
}

/**
 * Runs one program against a fresh backing from `openBacking`, checking the
 * invariant on the sandbox's log as it goes. A step that runs past
 * `stepDeadlineMs` (when given) ends the program as a violation: a hang, not
 * a slow machine, since every wait in a step is bounded far below it.
 */
export async function runProgram(
  scenario: Scenario,
  openBacking: OpenBacking,
  stepDeadlineMs?: number,
): Promise<ProgramResult> {
  const { setting, steps } = scenario;
  const random = mulberry32(setting.random);
  const clock = modelClock();
  const handler = createSandboxHandler({ now: clock.now });
  const user = handler.users.payouts;
  const backing = await openBacking({ processes: setting.processes, clock });
  const faulty = injectFaults(backing, setting.processes, random);
  const rules: Rules = PROFILES[setting.profile];
  let sequence = 0;
  const faults: AppliedFaults = { flushes: 0, corruptions: 0, rawCorruptions: 0, restarts: 0 };
  // The step at which the store last went down, while it is down.
  let downSince: number | undefined;
  const state: ProgramState = {
    rules,
    clock,
    handler,
    faulty,
    registries: Array.from({ length: setting.processes }, () => createAccountRegistry()),
    vaults: Array.from({ length: setting.processes }, () => user.password),
    serverPassword: user.password,
    violations: [],
    exchanges: [],
    obtainedWith: new Map(),
    nextEvent: () => ++sequence,
    fetchOf: (process) => async (input, init) => {
      const exchange: Exchange = { process, downSince, sent: ++sequence };
      state.exchanges.push(exchange);
      const request = new Request(input, init);
      const sentPassword = new URLSearchParams(await request.clone().text()).get('password');
      const response = await handler(request);
      exchange.answered = ++sequence;
      exchange.outcome =
        response.status === 200 ? 'token' : response.status < 500 ? 'refused' : 'other';
      if (debug) console.log('exchange', process, sentPassword, response.status);
      if (response.status === 200) {
        const { accessToken } = (await response.clone().json()) as { accessToken: string };
        state.obtainedWith.set(accessToken, sentPassword ?? '');
      }
      return response;
    },
  };
  const identity = {
    product: 'payouts',
    baseUrl: BASE_URL,
    clientId: user.clientId,
    username: user.username,
  };
  // Set once the program ended: a step abandoned at its deadline stops waiting then.
  let ended = false;
  const accounts = () => state.registries.map((registry) => registry.accountFor(identity));

  /**
   * A process that could not write how its attempt ended keeps trying in the
   * background; with the store reachable, time passes only once it has (a
   * reservation whose outcome is never written lapses into a refusal, the
   * conservative side, which a process that never reaches the store leaves).
   */
  const beforeTimePasses = async () => {
    await faulty.settled();
    if (faulty.weather === 'down') return;
    const giveUpAt = Date.now() + 15_000;
    while (!ended && !accounts().every((account) => account.ledger.synced)) {
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
    if (faulty.weather !== 'up') return false;
    const record = parseAttemptRecord(
      await faulty.peek(`${await deriveStoreKey(identity)}:attempts`),
    );
    const ledgers = accounts().map((account) => account.ledger);
    const known = (ids: Iterable<string>) => [...ids].sort().join(',');
    const first = known(ledgers[0]?.refused.keys() ?? []);
    if (record !== undefined && record !== 'corrupt') {
      if (record.pending.length > 0 || known(record.refused.map((entry) => entry.id)) !== first) {
        return false;
      }
    }
    return ledgers.every((ledger) => ledger.synced && known(ledger.refused.keys()) === first);
  };

  const runStep = async (step: Step, index: number): Promise<void> => {
    switch (step.kind) {
      case 'call':
        await beforeTimePasses();
        clock.advance(1_000);
        return runCall(state, step, index);
      case 'weather':
        if (rules.weathers.includes(step.weather)) {
          if (step.weather === 'down' && faulty.weather !== 'down') downSince = index;
          if (step.weather !== 'down') downSince = undefined;
          faulty.weather = step.weather;
          if (step.weather === 'up') await beforeTimePasses();
        }
        return;
      case 'flush':
        if (rules.flushes && (await everyoneKnowsTheCount())) {
          await backing.flush();
          faults.flushes += 1;
        }
        return;
      case 'corrupt':
        if (rules.flushes && (await everyoneKnowsTheCount())) {
          const key = await deriveStoreKey(identity);
          const store = backing.storeOf(0);
          // Where the backend has a raw form, every other corruption is written in it:
          // what get() reveals of a value the store did not write.
          if (backing.writeRaw !== undefined && index % 2 === 0) {
            await backing.writeRaw(`${key}:attempts`, step.value);
            faults.rawCorruptions += 1;
          } else {
            await store.set(`${key}:attempts`, step.value, 3_600_000);
          }
          await store.set(`${key}:failures`, step.value, 3_600_000);
          faults.corruptions += 1;
        }
        return;
      case 'restart':
        if (rules.restarts) {
          state.registries[step.process] = createAccountRegistry();
          await backing.reopen(step.process);
          faults.restarts += 1;
        }
        return;
      case 'rotate':
        if (rules.rightPasswordsOnly) return;
        state.serverPassword = `rotated-${index}-password`;
        handler.setPassword('payouts', user.username, state.serverPassword);
        return;
      case 'learn':
        state.vaults[step.process] = state.serverPassword;
        return;
      case 'advance':
        await beforeTimePasses();
        clock.advance(step.seconds * 1_000);
        return;
    }
  };

  try {
    for (const [index, step] of steps.entries()) {
      if (!(await withinDeadline(runStep(step, index), stepDeadlineMs))) {
        state.violations.push({ what: `the step ran past ${stepDeadlineMs} ms`, step: index });
        break;
      }
      if (rules.check === 'invariant' && handler.isLocked('payouts', user.username)) {
        state.violations.push({ what: 'EnKash locked the user', step: index });
        break;
      }
    }
    if (rules.check === 'one attempt per process per outage') {
      state.violations.push(...outageViolations(state.exchanges));
    }
    faulty.weather = 'up';
    await faulty.settled();
    return {
      violations: state.violations,
      exchanges: state.exchanges,
      locked: handler.isLocked('payouts', user.username),
      faults,
    };
  } finally {
    ended = true;
    faulty.weather = 'up';
    await faulty.settled();
    await backing.close();
    handler.close();
  }
}

/** Whether `work` ended within `deadlineMs` (always, without one); its failure is rethrown. */
async function withinDeadline(
  work: Promise<void>,
  deadlineMs: number | undefined,
): Promise<boolean> {
  if (deadlineMs === undefined) {
    await work;
    return true;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
