import type { BeforeErrorHook } from 'ky';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { REDACTION_FAILED, type Redactor } from '../errors/redact.js';
import { apiTimeoutError } from './answer-deadline.js';

/** The parts of ky's `HTTPError` that carry what the server sent. */
interface ServerParts {
  response?: unknown;
  data?: unknown;
}

/**
 * The `beforeError` hook of `auth.client`: ky's `TimeoutError` becomes
 * `TIMEOUT`; any other error keeps its class (an `HTTPError` stays one, with
 * its status) but is redacted in place. Its message and stack, its `data`
 * (the body ky read) and its `response` (status text and headers, rebuilt
 * without a body) hold no secret or token, whichever way it is printed.
 */
export function clientErrorHook(
  product: string,
  timeoutMs: number,
  redactor: Redactor,
): BeforeErrorHook {
  return ({ error }) => {
    if (EnkashAuthError.isInstance(error)) return error;
    if (error.name === 'TimeoutError') return apiTimeoutError(product, timeoutMs);
    const redact = (text: string) => redactor.redact(text);
    error.message = redact(error.message);
    if (error.stack !== undefined) error.stack = redact(error.stack);
    const parts = error as Error & ServerParts;
    if (parts.data !== undefined) parts.data = redactValue(parts.data, redact);
    if (parts.response instanceof Response)
      parts.response = redactedResponse(parts.response, redact);
    return error;
  };
}

/** A copy of a parsed body with every string, keys included, redacted; a fixed notice if that fails. */
function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  try {
    return JSON.parse(JSON.stringify(value), (_key, inner: unknown) => {
      if (typeof inner === 'string') return redact(inner);
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
      const copy: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(inner)) copy[redact(key)] = field;
      return copy;
    });
  } catch {
    return REDACTION_FAILED;
  }
}

/** The response without its (already read) body, its status text and header values redacted. */
function redactedResponse(response: Response, redact: (text: string) => string): Response {
  const headers = new Headers();
  for (const [name, value] of response.headers) headers.append(name, redact(value));
  // ky throws HTTPError for 3xx to 5xx only: every one of them builds a Response.
  return new Response(null, {
    status: response.status,
    statusText: redact(response.statusText),
    headers,
  });
}
