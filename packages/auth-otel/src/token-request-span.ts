import type { TokenRequestEvent } from '@enkash/auth-core';
import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';

/** The name of the span of one token request attempt. */
export const TOKEN_REQUEST_SPAN = 'enkash.auth.token_request';

/**
 * Records the span of one token request attempt that ended. The channel
 * tells of an attempt once it is over, so the span is placed after the fact:
 * it ends now and starts `durationMs` earlier.
 */
export function recordTokenRequestSpan(
  tracer: Tracer,
  payload: TokenRequestEvent,
  now: number,
): void {
  const span = tracer.startSpan(TOKEN_REQUEST_SPAN, {
    kind: SpanKind.CLIENT,
    startTime: now - payload.durationMs,
    attributes: {
      'enkash.product': payload.product,
      'enkash.outcome': payload.outcome,
      'enkash.attempt': payload.attempt,
      ...(payload.status === undefined ? {} : { 'http.response.status_code': payload.status }),
      // The semantic conventions' attribute for why an operation failed: the SDK's error code.
      ...(payload.code === undefined ? {} : { 'error.type': payload.code }),
    },
  });
  if (payload.outcome !== 'token') span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(now);
}
