import { describe, expect, it } from 'vitest';
import { camelDefinition, strictOAuthDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import {
  EVERY_EVENT,
  inAnotherProcess,
  recordAllEvents,
  sandboxAuth,
  useSandbox,
} from '../../test-support/sandbox.js';
import {
  constructIn,
  createAccountRegistry,
  forgetAccounts,
} from '../lifecycle/account-registry.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { TokenStore } from '../store/token-store.js';

const sandbox = useSandbox();

/** A store whose every read fails, so that the auth using it reports `store-error` and goes on. */
function unreadableStore(): TokenStore {
  return {
    ...createMemoryStore(),
    get: async () => {
      throw new Error('store read failed on purpose');
    },
  };
}

describe('events belong to the account', () => {
  it('a listener on auth A hears every event caused through auth B of the same account, once each', async () => {
    const listening = sandboxAuth(sandbox(), camelDefinition);
    const heardByListening = recordAllEvents(listening);
    // B's own listeners, to compare with: A must hear exactly what B hears.
    const acting = sandboxAuth(sandbox(), camelDefinition, {
      store: unreadableStore(),
      retries: 1,
      retryDelayMs: 0,
    });
    const heardByActing = recordAllEvents(acting);

    // token-request (transient, then token), retry, store-error, lifetime-clamped, token.
    sandbox().enqueueFault(
      'payouts',
      { type: 'status', status: 503 },
      { type: 'status', status: 200, body: { accessToken: 'long-lived-51', expiresIn: 3_600_000 } },
    );
    expect((await acting.getToken()).accessToken).toBe('long-lived-51');
    // A rejected attempt, the lockout, then a refusal: through a third auth with a wrong password.
    const wrong = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-51' });
    for (let call = 0; call < 3; call += 1) await failureOf(wrong.getToken({ forceRefresh: true }));

    const names = new Set(heardByListening.map(({ event }) => event));
    expect([...names].sort()).toEqual(
      [
        'guard-refused',
        'lifetime-clamped',
        'lockout',
        'retry',
        'store-error',
        'token',
        'token-request',
      ].sort(),
    );
    expect(heardByListening).toEqual(heardByActing);
    // The store is read more than once per token (token, attempt record): its faults left out.
    const inOrder = heardByListening
      .map(({ event }) => event)
      .filter((event) => event !== 'store-error');
    expect(inOrder).toEqual([
      'token-request',
      'retry',
      'token-request',
      'lifetime-clamped',
      'token',
      'token-request',
      'token-request',
      'lockout',
      'guard-refused',
    ]);
  });

  it('keeps each account’s events to its own auths: another user, product or process hears none', async () => {
    const otherUser = sandboxAuth(sandbox(), camelDefinition, { username: 'someone@example.com' });
    const otherProduct = sandboxAuth(sandbox(), strictOAuthDefinition);
    const otherProcess = inAnotherProcess(() => sandboxAuth(sandbox(), camelDefinition));
    const heard = [otherUser, otherProduct, otherProcess].map(recordAllEvents);
    await sandboxAuth(sandbox(), camelDefinition).getToken();
    expect(heard).toEqual([[], [], []]);
  });

  it('unsubscribes per listener: the others, on this auth and on the others, still hear', async () => {
    const first = sandboxAuth(sandbox(), camelDefinition);
    const second = sandboxAuth(sandbox(), camelDefinition);
    const heard = { leaving: 0, staying: 0, onSecond: 0 };
    const leave = first.on('token', () => {
      heard.leaving += 1;
    });
    first.on('token', () => {
      heard.staying += 1;
    });
    second.on('token', () => {
      heard.onSecond += 1;
    });
    await second.getToken();
    leave();
    // Unsubscribing twice is harmless.
    leave();
    await second.getToken({ forceRefresh: true });
    expect(heard).toEqual({ leaving: 1, staying: 2, onSecond: 2 });
  });

  it('still hears the account after forgetAccounts(), which starts it again', async () => {
    const listening = sandboxAuth(sandbox(), camelDefinition);
    const heard = recordAllEvents(listening);
    const acting = sandboxAuth(sandbox(), camelDefinition);
    await acting.getToken();
    forgetAccounts();
    await acting.getToken();
    expect(heard.filter(({ event }) => event === 'token')).toHaveLength(2);
  });
});

describe('no listener keeps an account alive forever', () => {
  /** An auth of `username` in `registry`; nothing is sent, so the user need not exist. */
  function authIn(registry: ReturnType<typeof createAccountRegistry>, username: string) {
    return constructIn(registry, () =>
      sandboxAuth(sandbox(), camelDefinition, { username: `${username}@example.com` }),
    );
  }

  it('keeps an idle account a listener listens to, and lets it go once its listeners left', () => {
    // A sweep runs when a new account finds the registry at its threshold (then twice what is left).
    const registry = createAccountRegistry({ sweepAbove: 1 });
    const stopListening = EVERY_EVENT.map((event) =>
      authIn(registry, 'listened').on(event, () => undefined),
    );
    expect(registry.size).toBe(1);
    // A sweep: the listened account holds no token, no request, no count, yet stays.
    authIn(registry, 'passer-by-1').status();
    expect(registry.size).toBe(2);
    for (const stop of stopListening) stop();
    // Another sweep: both idle accounts go.
    authIn(registry, 'passer-by-2').status();
    expect(registry.size).toBe(1);
  });

  it('a listener added after the account was swept hears the account again', async () => {
    const registry = createAccountRegistry({ sweepAbove: 1 });
    const listening = authIn(registry, 'listened');
    const stop = listening.on('token', () => undefined);
    stop();
    authIn(registry, 'passer-by-1').status();
    const heard: string[] = [];
    listening.on('token-request', (payload) => heard.push(payload.outcome));
    // The listened account is looked up again; a wrong user is simply rejected by the sandbox.
    const acting = authIn(registry, 'listened');
    expect((await failureOf(acting.getToken())).code).toBe('REJECTED');
    expect(heard).toEqual(['rejected']);
  });
});
