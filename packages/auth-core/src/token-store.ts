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
 * `store-error` and falls back to its in-process path.
 * Run `runTokenStoreContract` from `@enkash/auth-core/testing` against any new store.
 */
export interface TokenStore {
  /** The value stored under `key`, or `undefined` when absent or expired. */
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
   * Atomically adds one to the counter `key` and resolves the new value.
   * Counters never expire on their own. The lockout guard reserves an
   * attempt with it before a token request (count first, then send), so of
   * two processes racing for the last allowed attempt exactly one sees a
   * value within the limit.
   */
  increment(key: string): Promise<number>;
  /**
   * Atomically subtracts one from the counter `key`, never going below zero,
   * and resolves the new value. The guard gives a reservation back with it
   * when the attempt never counted: a network error, a timeout, 408, 429 or
   * 5xx, or a reservation over the limit.
   */
  decrement(key: string): Promise<number>;
  /** The counter `key`, `0` when absent. */
  getCount(key: string): Promise<number>;
  /** Resets the counter `key` to zero. */
  resetCount(key: string): Promise<void>;
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
  'increment',
  'decrement',
  'getCount',
  'resetCount',
] as const;
