import type { RejectionDetails } from '../product/product-definition.js';
import type { EnkashAuthErrorCode } from './error-codes.js';

const SYMBOL = Symbol.for('enkash.auth.error');
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Everything an {@link EnkashAuthError} is built from besides its message. */
export interface EnkashAuthErrorOptions {
  /** Stable error code, one of `ERROR_CODES`. */
  code: EnkashAuthErrorCode;
  /** Short product name (`payouts`, `cards`, ...). */
  product: string;
  /** HTTP status of the response that caused the error, when there was one. */
  status?: number | undefined;
  /** Allowlisted response details (never a token or a secret). */
  details?: RejectionDetails | undefined;
  /** The underlying error, kept for network errors and timeouts. */
  cause?: unknown;
}

/**
 * The error of every token request, option check and bearer call (a store
 * may throw its own, such as `RedisStoreError`). Match on `code`, never on
 * the message. Its message, stack, JSON form and `util.inspect` output never
 * contain a password, client secret, Basic value or token; its `cause` is a
 * sanitized copy (name, code, message) of the low-level error, never the
 * object itself.
 *
 * Copies of this class from different installed versions recognise each other
 * through {@link EnkashAuthError.isInstance} (the same guard as
 * {@link isEnkashAuthError}), which is why it beats `instanceof`.
 *
 * @example
 * ```ts
 * try {
 *   await auth.getToken();
 * } catch (error) {
 *   if (EnkashAuthError.isInstance(error) && error.code === 'LOCKOUT_GUARD') {
 *     // fix the password, then call auth.resetLockout()
 *   }
 * }
 * ```
 */
export class EnkashAuthError extends Error {
  override readonly name = 'EnkashAuthError';
  // Declared only: the constructor sets them, and a field initializer would cost bundle bytes.
  /** Stable error code, one of `ERROR_CODES`. */
  declare readonly code: EnkashAuthErrorCode;
  /** Short product name (`payouts`, `cards`, ...). */
  declare readonly product: string;
  /** HTTP status of the response that caused the error, when there was one. */
  declare readonly status?: number;
  /** Allowlisted response details: `error`, `error_description`, `resultCode`, `resultMessage`. */
  declare readonly details?: RejectionDetails;

  constructor(message: string, options: EnkashAuthErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Non-enumerable, so it adds nothing to inspect or JSON output.
    Object.defineProperty(this, SYMBOL, { value: true });
    this.code = options.code;
    this.product = options.product;
    if (options.status !== undefined) {
      this.status = options.status;
    }
    if (options.details !== undefined) {
      this.details = options.details;
    }
  }

  /** The same guard as {@link isEnkashAuthError}, as a static for `instanceof`-style checks. */
  static isInstance(value: unknown): value is EnkashAuthError {
    return isEnkashAuthError(value);
  }

  /** A plain, secret-free form for logs: name, code, product, status, details, message. */
  toJSON(): Record<string, unknown> {
    // JSON.stringify leaves out the fields that are undefined.
    const { name, code, product, status, details, message } = this;
    return { name, code, product, status, details, message };
  }

  /** Keeps `util.inspect` to the same fields plus the stack; the cause shows by name and message only. */
  [INSPECT](): string {
    const fields = JSON.stringify({ ...this.toJSON(), cause: describeCause(this.cause) });
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${fields}`;
  }
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) {
    return undefined;
  }
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${cause.name}${typeof code === 'string' ? ` ${code}` : ''}: ${cause.message}`;
  }
  return typeof cause;
}

/**
 * The one type guard for {@link EnkashAuthError} (`EnkashAuthError.isInstance`
 * is the same function): true for an error from any installed copy of this
 * package, through a `Symbol.for` marker, and for an error named
 * `EnkashAuthError` with a string `code` (for instance one that crossed a
 * worker boundary and lost the marker).
 *
 * @example
 * ```ts
 * if (isEnkashAuthError(error)) console.log(error.code);
 * ```
 */
export function isEnkashAuthError(value: unknown): value is EnkashAuthError {
  if (typeof value === 'object' && value !== null && SYMBOL in value) {
    return true;
  }
  return (
    value instanceof Error &&
    value.name === 'EnkashAuthError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}
