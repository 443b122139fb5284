import type { EnkashAuthErrorCode } from './errors/error-codes.js';
import type { TokenStore } from './store/token-store.js';

/**
 * Payload of `token`: a new token arrived from EnKash. Never the token
 * itself, nor any text of the server's the SDK does not vouch for.
 */
export interface TokenEvent {
  /** Short product name (`payouts`, `cards`, ...). */
  product: string;
  /** `bearer` when EnKash named that type (in any case) or none; left out when it named another. */
  tokenType?: 'bearer';
  /** When the token expires, in epoch milliseconds. */
  expiresAt: number;
  /** The scope EnKash granted, when it named one that is header-safe and under 1 KB; redacted. */
  scope?: string;
}

/** Payload of `refresh-error`: a background refresh failed while the current token is still valid. */
export interface RefreshErrorEvent {
  /** Short product name. */
  product: string;
  /** The code of the error the refresh met. */
  code: EnkashAuthErrorCode;
  /** The error's message (secrets redacted, as in every error). */
  message: string;
  /** The HTTP status, when EnKash answered. */
  status?: number;
  /** How many background refreshes in a row have failed, from 1. */
  attempt: number;
  /** When the token still served expires, in epoch milliseconds. */
  expiresAt: number;
  /** The earliest time the next background refresh starts, in epoch milliseconds. */
  nextRefreshAt: number;
}

/** Payload of `lockout`: the lockout guard tripped; no token request is sent until `resetLockout()`. */
export interface LockoutEvent {
  /** Short product name. */
  product: string;
  /** Consecutive counted failures of the credential set. */
  failures: number;
  /** The threshold in force (`maxConsecutiveFailures`). */
  maxConsecutiveFailures: number;
}

/** Payload of `store-error`: a store call failed; the auth carried on without it. */
export interface StoreErrorEvent {
  /** Short product name. */
  product: string;
  /** The store method that failed. */
  operation: keyof TokenStore;
  /** The failure's class name, e.g. `RedisStoreError` or `Error`. */
  errorName: string;
  /** The failure's stable code when it has one (a `RedisStoreError`'s `REDIS_TIMEOUT`, a Node `ECONNREFUSED`). */
  code?: string;
  /** The failure's message, secrets and tokens redacted, at most 300 characters. */
  message: string;
}

/**
 * Payload of `lifetime-clamped`: EnKash gave a token a lifetime outside the
 * range the SDK trusts (over a day, or an absolute expiry already past by a
 * host clock with no `Date` header to read it against), and the SDK used
 * another. A product's own documented cap (rewards: 5 minutes) is not reported.
 */
export interface LifetimeClampedEvent {
  /** Short product name. */
  product: string;
  /** The lifetime EnKash gave, in milliseconds (negative when already past). */
  lifetimeMs: number;
  /** The lifetime used, in milliseconds. */
  usedMs: number;
}

/** Payload of `token-request`: one attempt of a token request ended. */
export interface TokenRequestEvent {
  /** Short product name. */
  product: string;
  /**
   * `token`: EnKash sent a token; `rejected`: it refused the credentials;
   * `transient`: a network error, a timeout, 408, 429 or 5xx (retried while
   * attempts remain); `failed`: anything else (a redirect, a body the SDK
   * cannot use).
   */
  outcome: 'token' | 'rejected' | 'transient' | 'failed';
  /** The attempt's number within its token request, from 1. */
  attempt: number;
  /** How long the attempt took, in milliseconds. */
  durationMs: number;
  /** The HTTP status, when EnKash answered. */
  status?: number;
  /** The error code, for every outcome but `token`. */
  code?: EnkashAuthErrorCode;
}

/** Payload of `retry`: a transient failure; the next attempt follows after `delayMs`. */
export interface RetryEvent {
  /** Short product name. */
  product: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** The wait before the next attempt, in milliseconds. */
  delayMs: number;
  /** The HTTP status, when EnKash answered. */
  status?: number;
  /** What the failure was: `HTTP`, `NETWORK` or `TIMEOUT`. */
  code: EnkashAuthErrorCode;
}

/** Payload of `guard-refused`: the tripped lockout guard refused a token request without sending it. */
export interface GuardRefusedEvent {
  /** Short product name. */
  product: string;
  /** The account's counted failures. */
  failures: number;
  /** The threshold in force (`maxConsecutiveFailures`). */
  maxConsecutiveFailures: number;
}

/** Payload of `token-adopted`: a token taken from the store, or from another process of the fleet, rather than from EnKash. */
export interface TokenAdoptedEvent {
  /** Short product name. */
  product: string;
  /** `store`: found there; `fleet`: another process stored it while this one waited on the fleet lock. */
  source: 'store' | 'fleet';
  /** When the token expires, in epoch milliseconds. */
  expiresAt: number;
}

/**
 * Every event an {@link EnkashAuth} emits, name to payload type. Payloads
 * never hold a secret or a token. Events belong to the account: every auth
 * of one account (product, base URL, client id, username) in a process
 * hears every event of that account, whichever auth caused it.
 */
export interface EnkashAuthEvents {
  /** A new token arrived from EnKash. */
  token: TokenEvent;
  /** A background refresh failed; the valid token is still served. */
  'refresh-error': RefreshErrorEvent;
  /** The lockout guard tripped. */
  lockout: LockoutEvent;
  /** A store call failed; the auth carried on without it. */
  'store-error': StoreErrorEvent;
  /** A token's lifetime was clamped. */
  'lifetime-clamped': LifetimeClampedEvent;
  /** One attempt of a token request ended. */
  'token-request': TokenRequestEvent;
  /** A transient failure is retried after a wait. */
  retry: RetryEvent;
  /** The tripped lockout guard refused a token request. */
  'guard-refused': GuardRefusedEvent;
  /** A token was taken from the store or from another process of the fleet. */
  'token-adopted': TokenAdoptedEvent;
}

/** Emits one event of {@link EnkashAuthEvents}. */
export type Emit = <K extends keyof EnkashAuthEvents>(
  event: K,
  payload: EnkashAuthEvents[K],
) => void;

/** The smallest typed event hub: no Node `events` import, no allocation until someone listens. */
export interface EventHub {
  on<K extends keyof EnkashAuthEvents>(
    event: K,
    listener: (payload: EnkashAuthEvents[K]) => void,
  ): () => void;
  emit: Emit;
  /** Whether any listener listens, to `event` or to any event. */
  listening(event?: keyof EnkashAuthEvents): boolean;
}

type AnyListener = (payload: never) => void;

/** Creates an {@link EventHub}. */
export function createEventHub(): EventHub {
  let listeners: Map<string, Set<AnyListener>> | undefined;
  return {
    on(event, listener) {
      listeners ??= new Map();
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    listening(event) {
      if (listeners === undefined) return false;
      if (event !== undefined) return (listeners.get(event)?.size ?? 0) > 0;
      for (const set of listeners.values()) if (set.size > 0) return true;
      return false;
    },
    emit(event, payload) {
      const set = listeners?.get(event);
      if (set === undefined) {
        return;
      }
      for (const listener of [...set]) {
        try {
          (listener as (value: typeof payload) => void)(payload);
        } catch (error) {
          // A broken listener must not break token delivery, yet must not vanish either:
          // rethrow outside the lifecycle, where it surfaces like any uncaught error.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
  };
}
