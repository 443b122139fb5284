import type { Redactor } from './redact.js';

const DEEPEST_CAUSE = 4;
const LONGEST_MESSAGE = 300;
const BUILT_IN: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/**
 * A copy of a low-level error that keeps only its name, `code` and message,
 * redacted and cut, and the same for its causes. The original may hold what
 * came off the wire (undici's parser error keeps the raw response bytes, a
 * token among them), a `Request` with its Basic header, or a socket: none of
 * that may hang off an `EnkashAuthError`. Never throws: an error that cannot
 * be read (a getter that throws) becomes a fixed one, so the SDK's own error
 * handling never turns a network failure into one of unknown kind.
 */
export function sanitizeCause(error: unknown, redactor: Redactor, depth = 0): Error {
  try {
    return copyOf(error, redactor, depth);
  } catch {
    return new Error('The error could not be read safely; it is left out.');
  }
}

function copyOf(error: unknown, redactor: Redactor, depth: number): Error {
  if (!(error instanceof Error)) {
    return new Error(`A non-error value was thrown (${error === null ? 'null' : typeof error}).`);
  }
  const message = redactor.redact(String(error.message)).slice(0, LONGEST_MESSAGE);
  const name = typeof error.name === 'string' ? error.name.slice(0, 60) : 'Error';
  const inner = error.cause;
  const options =
    inner === undefined || depth >= DEEPEST_CAUSE
      ? undefined
      : { cause: sanitizeCause(inner, redactor, depth + 1) };
  const Constructor = BUILT_IN[name] ?? Error;
  const copy = new Constructor(message, options);
  if (copy.name !== name) {
    Object.defineProperty(copy, 'name', { value: name, configurable: true, writable: true });
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') {
    (copy as Error & { code?: string | number }).code =
      typeof code === 'string' ? code.slice(0, 60) : code;
  }
  // The frames would point at this function, not where the error happened.
  copy.stack = `${name}: ${message}`;
  return copy;
}
