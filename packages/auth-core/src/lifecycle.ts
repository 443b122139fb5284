import { abortedError, raceSignal } from './abort.js';
import type { AccessToken } from './access-token.js';
import type { GetTokenOptions } from './auth-options.js';
import { EnkashAuthError } from './enkash-auth-error.js';
import { createLockoutGuard } from './lockout-guard.js';
import { sleep } from './sleep.js';
import { createGuardedStoreCall } from './store-access.js';
import { deriveStoreKey } from './store-key.js';
import {
  parseSharedRejection,
  parseStoredToken,
  serializeRejection,
  serializeToken,
} from './stored-token.js';
import { prepareTokenRequest, requestToken, type TokenRequestContext } from './token-request.js';

/** What the lifecycle needs from `createAuth`. */
export interface LifecycleContext extends TokenRequestContext {
  emit: (event: string, payload: unknown) => void;
}

/** The token lifecycle of one credential set. */
export interface Lifecycle {
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** Forgets the token; with `accessToken`, only when that is still the current one. */
  invalidate(accessToken?: string): Promise<void>;
  resetLockout(): Promise<void>;
}

interface StoreKeys {
  token: string;
  lock: string;
  failures: string;
  rejection: string;
}

interface Held {
  token: AccessToken;
  /** Handed to every caller while the token is fresh: the hot path allocates nothing. */
  settled: Promise<AccessToken>;
  /** When refresh ahead starts: `refreshWindowMs` before expiry, at most half the lifetime in. */
  refreshAt: number;
}

const FIRST_POLL_MS = 25;
const LONGEST_POLL_MS = 500;
const SHARED_REJECTION_MS = 5_000;
const BACKGROUND_BACKOFF_BASE_MS = 1_000;

/**
 * Cache, single-flight, refresh ahead, the lockout guard and the shared-store
 * protocol. The hot path (a fresh token in memory) neither awaits nor
 * touches the store. No timer runs unless a request is under way: a failed
 * background refresh is retried by the next caller once its backoff passed.
 */
export function createLifecycle(context: LifecycleContext): Lifecycle {
  const { options, emit } = context;
  const { product, store, clock } = options;
  // Drawn at the first lock, not here: construction draws no randomness (workers forbid it at
  // module scope, where an auth is best created).
  let owner: string | undefined;
  const lockOwner = () => (owner ??= globalThis.crypto.randomUUID());
  const { lockTtlMs } = options;

  let keys: Promise<StoreKeys> | undefined;
  let held: Held | undefined;
  let inflight: Promise<AccessToken> | undefined;
  let refreshFailures = 0;
  let refreshNotBefore = 0;

  function storeKeys(): Promise<StoreKeys> {
    keys ??= deriveStoreKey({
      product,
      baseUrl: options.baseUrl,
      clientId: options.clientId,
      username: options.username,
    }).then((key) => ({
      token: `${key}:token`,
      lock: `${key}:lock`,
      failures: `${key}:failures`,
      rejection: `${key}:rejection`,
    }));
    return keys;
  }

  const guarded = createGuardedStoreCall((operation, error) => {
    const name = error instanceof Error ? error.name : typeof error;
    const text = error instanceof Error ? error.message : '';
    // A store's message may quote the command it ran, token included.
    const message = context.redactor.redact(text).slice(0, 300);
    emit('store-error', { product, operation, error: name, message });
  });

  const guard = createLockoutGuard({
    product,
    maxConsecutiveFailures: options.maxConsecutiveFailures,
    store,
    key: async () => (await storeKeys()).failures,
    guarded,
    emit,
  });

  function hold(token: AccessToken, issuedAt: number): AccessToken {
    const lifetime = token.expiresAt - issuedAt;
    const window = Math.min(options.refreshWindowMs, lifetime / 2);
    held = { token, settled: Promise.resolve(token), refreshAt: token.expiresAt - window };
    context.redactor.remember(token.accessToken);
    if (token.refreshToken !== undefined) context.redactor.remember(token.refreshToken);
    return token;
  }

  async function readStored(replacing: AccessToken | undefined): Promise<AccessToken | undefined> {
    const { token: key } = await storeKeys();
    const raw = await guarded('get', () => store.get(key), undefined);
    const found = parseStoredToken(raw, clock.now(), replacing);
    return found === undefined ? undefined : hold(found.token, found.issuedAt);
  }

  async function requestAndSave(waited: boolean): Promise<AccessToken> {
    const storeKey = await storeKeys();
    if (waited && store.shared === true) {
      // Another process was just rejected with these credentials: share its answer
      // instead of spending a second attempt of EnKash's three.
      const shared = await guarded('get', () => store.get(storeKey.rejection), undefined);
      const rejection = parseSharedRejection(shared);
      if (rejection !== undefined) {
        const { status, details } = rejection;
        throw new EnkashAuthError(
          `EnKash ${product} rejected these credentials moments ago in another process (HTTP ${status}). Check username, password, clientId and clientSecret.`,
          {
            code: 'REJECTED',
            product,
            status,
            ...(Object.keys(details).length === 0 ? {} : { details }),
          },
        );
      }
    }
    const previousFailures = await guard.check();
    // Providers are read only now: a tripped guard or a cached token asks no vault.
    const prepared = await prepareTokenRequest(context);
    const issuedAt = clock.now();
    const result = await requestToken(context, prepared);
    if (result.type === 'rejection') {
      const error = await guard.reject(result.status, result.details);
      if (store.shared === true) {
        const value = serializeRejection({ status: result.status, details: result.details });
        await guarded(
          'set',
          () => store.set(storeKey.rejection, value, SHARED_REJECTION_MS),
          undefined,
        );
      }
      throw error;
    }
    const { token } = result;
    await guard.succeed(previousFailures);
    hold(token, issuedAt);
    if (options.storeGiven) {
      const ttl = Math.max(1, Math.ceil(token.expiresAt - clock.now()));
      const value = serializeToken(token, issuedAt);
      await guarded('set', () => store.set(storeKey.token, value, ttl), undefined);
    }
    emit('token', {
      product,
      tokenType: token.tokenType,
      expiresAt: token.expiresAt,
      ...(token.scope === undefined ? {} : { scope: token.scope }),
    });
    return token;
  }

  async function waitForOther(key: string, delay: number, background: boolean) {
    if (store.waitFor !== undefined) {
      const waitFor = store.waitFor.bind(store);
      return guarded('waitFor', () => waitFor(key, delay), undefined);
    }
    await sleep(delay, { background });
    return guarded('get', () => store.get(key), undefined);
  }

  /**
   * Shared store: one process per credential set talks to EnKash; the others
   * wait for its token, at most `lockTtlMs + timeoutMs`, then request their own.
   */
  async function obtainShared(
    replacing: AccessToken | undefined,
    background: boolean,
  ): Promise<AccessToken> {
    const storeKey = await storeKeys();
    // By then a crashed holder's lock has expired and whoever took it over had
    // one attempt's time. A holder still in the way (a store whose locks do not
    // expire, a lock kept alive by mistake) must not stall this process forever.
    const giveUpAt = clock.now() + lockTtlMs + options.timeoutMs;
    let delay = FIRST_POLL_MS;
    let waited = false;
    for (;;) {
      const acquired = await guarded(
        'acquireLock',
        () => store.acquireLock(storeKey.lock, lockOwner(), lockTtlMs),
        undefined,
      );
      if (acquired === undefined) {
        // The store is down: this process goes on alone rather than not at all.
        return requestAndSave(false);
      }
      if (acquired) {
        try {
          // Another process may have saved a token between our read and the lock.
          return (await readStored(replacing)) ?? (await requestAndSave(waited));
        } finally {
          await guarded(
            'releaseLock',
            () => store.releaseLock(storeKey.lock, lockOwner()),
            undefined,
          );
        }
      }
      waited = true;
      const raw = await waitForOther(storeKey.token, delay, background);
      const found = parseStoredToken(raw, clock.now(), replacing);
      if (found !== undefined) {
        return hold(found.token, found.issuedAt);
      }
      if (clock.now() >= giveUpAt) {
        // Alone, but still through the shared rejection and the fleet's failure count.
        return requestAndSave(true);
      }
      if (raw !== undefined && store.waitFor !== undefined) {
        // waitFor answers at once while the old token is still stored: pace the loop.
        await sleep(delay, { background });
      }
      delay = Math.min(delay * 2, LONGEST_POLL_MS);
    }
  }

  async function obtain(
    replacing: AccessToken | undefined,
    background: boolean,
  ): Promise<AccessToken> {
    if (options.storeGiven) {
      const stored = await readStored(replacing);
      if (stored !== undefined) return stored;
    }
    if (store.shared === true) {
      return obtainShared(replacing, background);
    }
    return requestAndSave(false);
  }

  function share(work: Promise<AccessToken>): Promise<AccessToken> {
    // Cleared before any caller or background handler runs, so they see the request as over.
    const shared: Promise<AccessToken> = work.then(
      (token) => {
        inflight = undefined;
        return token;
      },
      (error: unknown) => {
        inflight = undefined;
        throw error;
      },
    );
    // Every caller may have aborted; the shared request must still not go unhandled.
    shared.catch(() => undefined);
    inflight = shared;
    return shared;
  }

  function refreshInBackground(current: AccessToken): void {
    share(obtain(current, true)).then(
      () => {
        refreshFailures = 0;
        refreshNotBefore = 0;
      },
      (error: unknown) => {
        refreshFailures += 1;
        const ceiling = Math.min(
          options.maxRetryDelayMs,
          BACKGROUND_BACKOFF_BASE_MS * 2 ** (refreshFailures - 1),
        );
        refreshNotBefore = clock.now() + ceiling / 2 + Math.random() * (ceiling / 2);
        const typed = EnkashAuthError.isInstance(error) ? error : undefined;
        emit('refresh-error', {
          product,
          code: typed?.code ?? 'NETWORK',
          message: typed?.message ?? 'The background refresh failed.',
          ...(typed?.status === undefined ? {} : { status: typed.status }),
          attempt: refreshFailures,
          expiresAt: current.expiresAt,
          nextRefreshAt: refreshNotBefore,
        });
      },
    );
  }

  return {
    getToken(getOptions) {
      const signal = getOptions?.signal;
      if (signal?.aborted === true) {
        return Promise.reject(abortedError(product, signal));
      }
      const force = getOptions?.forceRefresh === true;
      const current = held;
      if (!force && current !== undefined) {
        const now = clock.now();
        if (now < current.token.expiresAt) {
          if (inflight === undefined && now >= current.refreshAt && now >= refreshNotBefore) {
            refreshInBackground(current.token);
          }
          return current.settled;
        }
      }
      const pending = inflight ?? share(obtain(force ? current?.token : undefined, false));
      return raceSignal(pending, signal, product, context.keepAlive);
    },

    async invalidate(accessToken) {
      if (
        accessToken !== undefined &&
        held !== undefined &&
        held.token.accessToken !== accessToken
      ) {
        return;
      }
      held = undefined;
      refreshFailures = 0;
      refreshNotBefore = 0;
      if (options.storeGiven) {
        const { token: key } = await storeKeys();
        await guarded('delete', () => store.delete(key), undefined);
      }
    },

    async resetLockout() {
      await guard.reset();
      if (store.shared === true) {
        const { rejection } = await storeKeys();
        await guarded('delete', () => store.delete(rejection), undefined);
      }
    },
  };
}
