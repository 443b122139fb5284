import type { SandboxHandler } from '@enkash/sandbox';
import { createAuth } from '../../src/create-auth.js';
import { EnkashAuthError } from '../../src/errors/enkash-auth-error.js';
import { type AccountRegistry, constructIn } from '../../src/lifecycle/account-registry.js';
import { camelDefinition } from '../definitions.js';
import type { FaultyStores } from './model-store.js';
import type { ModelClock, Rules, Step } from './program.js';
import { type Exchange, refusalsSinceLastSuccess, type Violation } from './server-log.js';

export const BASE_URL = 'http://127.0.0.1:9/payouts';
export const WRONG_PASSWORD = 'model-wrong-password';
const MAX_FAILURES = 2;
/** Each token request and store operation gives up after this: the model's deadlines follow from it. */
export const TIMEOUT_MS = 250;

/** What a running program knows, as the call step reads and updates it. */
export interface ProgramState {
  rules: Rules;
  clock: ModelClock;
  handler: SandboxHandler;
  faulty: FaultyStores;
  registries: AccountRegistry[];
  vaults: string[];
  serverPassword: string;
  violations: Violation[];
  /** The server's log. */
  exchanges: Exchange[];
  /** Which password obtained each token the server issued. */
  obtainedWith: Map<string, string>;
  /** The order of events: requests sent and answered, errors seen. */
  nextEvent(): number;
  fetchOf(process: number): typeof fetch;
}

/** Runs a `call` step: every caller of every process listed, at once, each checked as it ends. */
export async function runCall(
  state: ProgramState,
  step: Extract<Step, { kind: 'call' }>,
  index: number,
): Promise<void> {
  const { rules, faulty } = state;
  const user = state.handler.users.payouts;
  const kind = rules.rightPasswordsOnly ? 'right' : step.password;
  const calls = step.processes.flatMap((process) => {
    const password =
      kind === 'right'
        ? state.serverPassword
        : kind === 'wrong'
          ? WRONG_PASSWORD
          : (state.vaults[process] as string);
    const right = password === state.serverPassword;
    const auth = constructIn(state.registries[process] as AccountRegistry, () =>
      createAuth(camelDefinition, {
        baseUrl: BASE_URL,
        clientId: user.clientId,
        clientSecret: user.clientSecret,
        username: user.username,
        password: kind === 'vault' ? async () => state.vaults[process] as string : password,
        store: faulty.stores[process],
        clock: state.clock,
        fetch: state.fetchOf(process),
        retries: 0,
        timeoutMs: TIMEOUT_MS,
        storeOutage: rules.storeOutage,
      } as Parameters<typeof createAuth>[1]),
    );
    const weatherAtStart = faulty.weather;
    return Array.from({ length: step.callers }, (_, caller) =>
      auth.getToken(step.force && caller === 0 ? { forceRefresh: true } : undefined).then(
        (token) => {
          if (state.obtainedWith.get(token.accessToken) !== password) {
            state.violations.push({
              what: 'a token went to a password that did not obtain it',
              step: index,
            });
          }
        },
        (error: unknown) => {
          const code = EnkashAuthError.isInstance(error) ? error.code : 'untyped';
          const at = state.nextEvent();
          if (code === 'untyped') {
            state.violations.push({ what: `an untyped error: ${String(error)}`, step: index });
          }
          const refusals = refusalsSinceLastSuccess(state.exchanges, at);
          if (
            right &&
            code === 'LOCKOUT_GUARD' &&
            rules.check === 'invariant' &&
            refusals < MAX_FAILURES
          ) {
            state.violations.push({
              what: `a right password refused by the guard after ${refusals} refusals`,
              step: index,
            });
          }
          if (code === 'STORE_UNAVAILABLE' && weatherAtStart === 'up' && faulty.weather === 'up') {
            // Only a stalled operation applied late could touch an up store; none makes it unavailable.
            state.violations.push({
              what: 'STORE_UNAVAILABLE while the store was up',
              step: index,
            });
          }
        },
      ),
    );
  });
  await Promise.all(calls);
}
