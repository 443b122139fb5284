/**
 * A misbehaviour the sandbox plays instead of (or before) answering one token
 * request. Faults are queued per product with `enqueueFault()` and consumed one
 * per token request, in order. A faulted request never touches credentials,
 * failure counts or tokens, except `delay`, which then answers normally.
 *
 * @example
 * ```ts
 * sandbox.enqueueFault('payouts', { type: 'status', status: 429, headers: { 'Retry-After': '1' } });
 * sandbox.enqueueFault('payouts', { type: 'reset' });
 * ```
 */
export type SandboxFault =
  /** Any status, body and headers. An object body is sent as JSON; a string as is (text/plain unless `headers` say otherwise); no body means an empty one. */
  | {
      type: 'status';
      status: number;
      body?: string | Record<string, unknown> | unknown[];
      headers?: Record<string, string>;
    }
  /** Waits `ms` milliseconds, then answers the request normally. */
  | { type: 'delay'; ms: number }
  /** Never answers; the connection stays open until the client gives up or the sandbox closes. */
  | { type: 'hang' }
  /** Resets the connection without an answer (TCP RST). */
  | { type: 'reset' }
  /** A JSON content type with a body cut in the middle of a token response. */
  | { type: 'truncated-json'; status?: number }
  /** An HTML error page, as a proxy or gateway would serve; status 200 unless given. */
  | { type: 'html'; status?: number }
  /** A JSON content type with an empty body; status 200 unless given. */
  | { type: 'empty'; status?: number };
