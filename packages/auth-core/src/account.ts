import type { AccessToken } from './access-token.js';
import type { EnkashAuthErrorCode } from './error-codes.js';
import { createKeepAlive, type KeepAlive } from './keep-alive.js';
import { deriveStoreKey, type StoreKeyIdentity } from './store-key.js';

/** The store keys of one account, all derived from its hashed identity. */
export interface StoreKeys {
  token: string;
  lock: string;
  failures: string;
  rejection: string;
}

/** The token an account holds in memory. */
export interface HeldToken {
  token: AccessToken;
  /**
   * The token wrapped in an already resolved promise, created once and handed
   * to every caller while the token is fresh: the hot path allocates nothing.
   */
  resolved: Promise<AccessToken>;
  /** When it was requested, which sizes its refresh window. */
  issuedAt: number;
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
  /** Keeps a token as the one every auth of the account serves. */
  hold(token: AccessToken, issuedAt: number): AccessToken;
  /** Tokens held lately, for redacting text that comes from elsewhere. */
  readonly recentTokens: readonly string[];
  held: HeldToken | undefined;
  /** Whether the request's timers keep the process alive: while any caller of any auth waits. */
  readonly keepAlive: KeepAlive;
  /** The one token request under way for the account, shared by every caller. */
  inflight: Promise<AccessToken> | undefined;
  /** Background refreshes that failed in a row. */
  backgroundFailures: number;
  /** No background refresh starts before this time (epoch milliseconds). */
  backgroundNotBefore: number;
  /**
   * Attempts counted in this process: reservations under way plus
   * consecutive failures. The guard refuses to send once it would exceed
   * the threshold.
   */
  attempts: number;
  /** The reservations among `attempts`: attempts under way, not yet known to have failed. */
  reservations: number;
  /** The code and time of the last failed token request since the last token, for `status()`. */
  lastError: { code: EnkashAuthErrorCode; at: number } | undefined;
  /** Whether forgetting the account loses nothing: no token, no request, no count. */
  isIdle(now: number): boolean;
  /** Set once the registry forgot the account: its auths then look their account up again. */
  retired: boolean;
}

// Enough to redact the current and the previous token and refresh token.
const RECENT_TOKENS = 4;

/** Creates the state of one account. */
export function createAccount(identity: StoreKeyIdentity): Account {
  let keys: Promise<StoreKeys> | undefined;
  let owner: string | undefined;
  const recentTokens: string[] = [];
  const account: Account = {
    keys() {
      keys ??= deriveStoreKey(identity).then((key) => ({
        token: `${key}:token`,
        lock: `${key}:lock`,
        failures: `${key}:failures`,
        rejection: `${key}:rejection`,
      }));
      return keys;
    },
    lockOwner() {
      owner ??= globalThis.crypto.randomUUID();
      return owner;
    },
    hold(token, issuedAt) {
      account.held = { token, resolved: Promise.resolve(token), issuedAt };
      recentTokens.push(token.accessToken);
      if (token.refreshToken !== undefined) recentTokens.push(token.refreshToken);
      if (recentTokens.length > RECENT_TOKENS) {
        recentTokens.splice(0, recentTokens.length - RECENT_TOKENS);
      }
      return token;
    },
    recentTokens,
    keepAlive: createKeepAlive(),
    held: undefined,
    inflight: undefined,
    backgroundFailures: 0,
    backgroundNotBefore: 0,
    attempts: 0,
    reservations: 0,
    lastError: undefined,
    retired: false,
    isIdle(now) {
      const tokenLive = account.held !== undefined && account.held.token.expiresAt > now;
      return !tokenLive && account.inflight === undefined && account.attempts === 0;
    },
  };
  return account;
}
