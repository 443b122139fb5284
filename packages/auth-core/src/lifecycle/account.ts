import type { AccessToken } from '../access-token.js';
import type { Credentials } from '../credentials/credentials.js';
import type { EnkashAuthErrorCode } from '../errors/error-codes.js';
import { deriveStoreKey, type StoreKeyIdentity } from '../store/store-key.js';
import { createKeepAlive, type KeepAlive } from '../util/keep-alive.js';
import { type AccountEvents, createAccountEvents } from './account-events.js';
import { type AttemptLedger, createAttemptLedger } from './attempt-ledger.js';

/** The store keys of one account, all derived from its hashed identity. */
export interface StoreKeys {
  token: string;
  lock: string;
  /** The lockout guard's attempt record. */
  attempts: string;
  rejection: string;
}

/** A token with what the account needs to serve it. */
export interface HeldToken {
  token: AccessToken;
  /**
   * The token wrapped in an already resolved promise, created once and handed
   * to every caller while the token is fresh: the hot path allocates nothing.
   */
  resolved: Promise<AccessToken>;
  /** The binding of the credentials that obtained it (see `bindingOf`). */
  binding: string;
  /** When it was requested (epoch milliseconds), which sizes its refresh window. */
  issuedAt: number;
  /** When it stops being served, on the auth's monotonic clock. */
  staleAt: number;
  /** When a background refresh is due, on the auth's monotonic clock. */
  refreshAt: number;
}

/** The one token request under way for an account, with the credentials it was made with. */
export interface Flight {
  /** The credentials of the auth that started it: that auth's callers join it. */
  credentials: Credentials;
  /**
   * The binding of the credentials it sends, once known: other auths with the
   * same join it; those with others wait for it to end.
   */
  binding: string | undefined;
  promise: Promise<HeldToken>;
}

/**
 * Everything one EnKash account (product, base URL, client id, username)
 * shares in a process, however many auths were created for it: the held
 * token, the request in flight, the background backoff and the lockout
 * guard's count. The auths keep their own options; the account keeps state.
 */
export interface Account {
  /** The store keys, derived on first use (hashing is asynchronous). */
  keys(): Promise<StoreKeys>;
  /** This process's owner value for the fleet lock, drawn on first use: construction draws no randomness. */
  lockOwner(): string;
  /** Keeps a token as the one the account serves (to auths with the same binding). */
  hold(held: Omit<HeldToken, 'resolved'>): HeldToken;
  /** Tokens held lately, for redacting text that comes from elsewhere. */
  readonly recentTokens: readonly string[];
  held: HeldToken | undefined;
  /** Whether the request's timers keep the process alive: while any caller of any auth waits. */
  readonly keepAlive: KeepAlive;
  /** The one token request under way for the account. */
  flight: Flight | undefined;
  /** No token request starts before this time (monotonic): at most one success a second. */
  nextRequestAt: number;
  /** Background refreshes that failed in a row. */
  backgroundFailures: number;
  /** No background refresh starts before this time (monotonic). */
  backgroundNotBefore: number;
  /** What this process knows of the account's attempts: the lockout guard's count. */
  readonly ledger: AttemptLedger;
  /** The background write of what the store missed, while one is due; `now()` tries it at once. */
  syncing: { now(): void } | undefined;
  /** The code and time of the last failed token request since the last token, for `status()`. */
  lastError: { code: EnkashAuthErrorCode; at: number } | undefined;
  /** Whether forgetting the account loses nothing: no token, no request, no count. */
  isIdle(now: number): boolean;
  /** The listeners of every auth of the account (held weakly). */
  readonly events: AccountEvents;
  /** A number telling the accounts of this process apart, in the diagnostics channel (names nothing). */
  readonly number: number;
  /** Set once the registry forgot the account: its auths then look their account up again. */
  retired: boolean;
}

// Enough to redact the current and the previous token and refresh token.
const RECENT_TOKENS = 4;

let accountsCreated = 0;

/** Creates the state of one account. */
export function createAccount(identity: StoreKeyIdentity): Account {
  accountsCreated += 1;
  let keys: Promise<StoreKeys> | undefined;
  let owner: string | undefined;
  const recentTokens: string[] = [];
  const account: Account = {
    keys() {
      keys ??= deriveStoreKey(identity).then((key) => ({
        token: `${key}:token`,
        lock: `${key}:lock`,
        attempts: `${key}:attempts`,
        rejection: `${key}:rejection`,
      }));
      return keys;
    },
    lockOwner() {
      owner ??= globalThis.crypto.randomUUID();
      return owner;
    },
    hold(fields) {
      const held = { ...fields, resolved: Promise.resolve(fields.token) };
      account.held = held;
      recentTokens.push(fields.token.accessToken);
      if (fields.token.refreshToken !== undefined) recentTokens.push(fields.token.refreshToken);
      if (recentTokens.length > RECENT_TOKENS) {
        recentTokens.splice(0, recentTokens.length - RECENT_TOKENS);
      }
      return held;
    },
    recentTokens,
    keepAlive: createKeepAlive(),
    held: undefined,
    flight: undefined,
    nextRequestAt: Number.NEGATIVE_INFINITY,
    backgroundFailures: 0,
    backgroundNotBefore: Number.NEGATIVE_INFINITY,
    ledger: createAttemptLedger(),
    syncing: undefined,
    lastError: undefined,
    retired: false,
    events: createAccountEvents(),
    number: accountsCreated,
    isIdle(now) {
      const tokenLive = account.held !== undefined && account.held.token.expiresAt > now;
      const { ledger } = account;
      return (
        !tokenLive &&
        account.flight === undefined &&
        ledger.refused.size === 0 &&
        ledger.pending.size === 0 &&
        ledger.synced &&
        // A listener of a live auth must keep hearing the account; one of an auth let go does not.
        !account.events.listening()
      );
    },
  };
  return account;
}
