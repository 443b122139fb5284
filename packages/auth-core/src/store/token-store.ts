/**
 * Where tokens, the fleet-wide lock and the lockout guard's attempt count live.
 *
 * The default is an in-memory store (one process). A shared store such as
 * `@enkash/auth-redis` makes many processes behave as one client towards EnKash.
 * Keys arrive already hashed (see `deriveStoreKey`): a store never sees a
 * username or client id. Values are opaque strings: the core serialises tokens,
 * so a store may encrypt them without knowing their shape.
 *
 * Every method may reject; the core treats a rejection as a store fault, emits
 * `store-error` and falls back to its in-process path (see `storeOutage`).
 * What a store returns is checked like what EnKash sends: an unreadable
 * token or attempt record is a miss (and a `store-error`), never an error
 * thrown at a caller.
 * Run `runTokenStoreContract` from `@enkash/auth-core/testing` against any new store.
 */
export interface TokenStore {
  /**
   * The value stored under `key` (by `set` or `compareAndSet`, as it was
   * written), or `undefined` when absent or expired.
   */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs` milliseconds (a positive integer). */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes `key`; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Takes the lock `key` for `owner` when nobody holds it, for at most `ttlMs`
   * (so a crashed holder's lock expires). Resolves `true` when taken.
   */
  acquireLock(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock `key` only when `owner` still holds it. */
  releaseLock(key: string, owner: string): Promise<void>;
  /**
   * Atomically replaces the value under `key` with `next` only when the
   * current value is exactly `expected` (`undefined`: the key is absent or
   * expired), and resolves whether it did. `next` is kept for `ttlMs`
   * milliseconds, or without expiry when `ttlMs` is `undefined`. The lockout
   * guard keeps each account's attempt record this way: every change is
   * computed from the value read, so a change whose answer was lost (a
   * timeout) and that is applied late changes nothing once anything else
   * wrote in between. Values are stored as they are, never encrypted (the
   * core puts no secret in them), so they compare byte for byte.
   */
  compareAndSet(
    key: string,
    expected: string | undefined,
    next: string,
    ttlMs?: number,
  ): Promise<boolean>;
  /**
   * Optional: resolves as soon as `key` holds a value (for example through
   * pub/sub), or `undefined` after `timeoutMs` or when `signal` aborts.
   * Without it the core polls `get` while another process holds the lock.
   */
  waitFor?(key: string, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined>;
  /** True when the store is shared between processes, so the core must take its lock before a token request. */
  readonly shared?: boolean;
}

/** The methods every {@link TokenStore} has (`waitFor` is optional): what construction checks and what the store wrapper wraps. */
export const TOKEN_STORE_METHODS = [
  'get',
  'set',
  'delete',
  'acquireLock',
  'releaseLock',
  'compareAndSet',
] as const;
