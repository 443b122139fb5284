/** What a {@link TokenStoreError} is built from besides its message. */
export interface TokenStoreErrorOptions<Code extends string> {
  /** The store's stable code. */
  code: Code;
  /** The store operation that failed (`get`, `set`, `acquireLock`, ...). */
  operation: string;
  /** The underlying failure, already stripped of anything that could hold a value. */
  cause?: unknown;
}

/**
 * The base of a store's own error (`RedisStoreError`, `SqliteStoreError`):
 * a stable `code` and the operation that failed, which the core reports in
 * `store-error` (`errorName`, `code`). A subclass sets its `name` and a
 * `Symbol.for` marker, and checks both with {@link matchesStoreError}.
 *
 * @example
 * ```ts
 * const MARKER = Symbol.for('my-store.error');
 * class MyStoreError extends TokenStoreError<'MY_TIMEOUT'> {
 *   override readonly name = 'MyStoreError';
 *   constructor(message: string, options: TokenStoreErrorOptions<'MY_TIMEOUT'>) {
 *     super(message, options);
 *     Object.defineProperty(this, MARKER, { value: true });
 *   }
 * }
 * ```
 */
export class TokenStoreError<Code extends string = string> extends Error {
  /** The store's stable code: match on it, never on the message. */
  readonly code: Code;
  /** The store operation that failed (`get`, `set`, `acquireLock`, ...). */
  readonly operation: string;

  constructor(message: string, options: TokenStoreErrorOptions<Code>) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.operation = options.operation;
  }
}

/**
 * Whether `value` is the store error named `name` from any copy of its
 * package: it carries `marker` (a `Symbol.for` key), or it is an `Error`
 * named `name` with a string `code` (one that crossed a realm or a copy
 * without the marker). What a store's `isInstance` and type guard both use.
 */
export function matchesStoreError(value: unknown, name: string, marker: symbol): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  if (marker in value) {
    return true;
  }
  return (
    value instanceof Error &&
    value.name === name &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}
