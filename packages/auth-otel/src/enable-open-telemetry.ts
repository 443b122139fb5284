import diagnosticsChannel from 'node:diagnostics_channel';
import {
  type MeterProvider,
  metrics,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { type ChannelMessage, ENKASH_AUTH_CHANNEL, isChannelMessage } from './channel-message.js';
import { createInstruments, type Instruments } from './instruments.js';
import { VERSION } from './version.js';

/** Options of {@link enableOpenTelemetry}. */
export interface EnableOpenTelemetryOptions {
  /** Where the metrics go. Default: the global meter provider of `@opentelemetry/api`. */
  meterProvider?: MeterProvider | undefined;
  /** Where the spans go. Default: the global tracer provider of `@opentelemetry/api`. */
  tracerProvider?: TracerProvider | undefined;
}

const SCOPE = '@enkash/auth-otel';

/**
 * Records what every EnKash auth of the process does, from the `enkash:auth`
 * diagnostics channel, through `@opentelemetry/api`: the counters
 * `enkash.auth.token_requests` (`enkash.product`, `enkash.outcome`),
 * `enkash.auth.retries`, `enkash.auth.guard_trips`,
 * `enkash.auth.guard_refusals` and `enkash.auth.store_errors`, the histogram
 * `enkash.auth.token_request.duration` (seconds), the gauge
 * `enkash.auth.token.time_to_expiry` (seconds, per account the process
 * holds), and one span `enkash.auth.token_request` per token request.
 * Nothing it records holds a secret or a token: the channel carries none.
 * Returns the function that stops it.
 *
 * @example
 * ```ts
 * import { enableOpenTelemetry } from '@enkash/auth-otel';
 *
 * const stop = enableOpenTelemetry(); // the global providers your OpenTelemetry setup registered
 * // on shutdown
 * stop();
 * ```
 */
export function enableOpenTelemetry(options: EnableOpenTelemetryOptions = {}): () => void {
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE, VERSION);
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE, VERSION);
  const instruments = createInstruments(meter);
  // The expiry of the token each account holds, by the channel's account number.
  const expiries = new Map<number | string, { product: string; expiresAt: number }>();
  const observeExpiries: Parameters<Instruments['timeToExpiry']['addCallback']>[0] = (result) => {
    const now = Date.now();
    for (const [account, { product, expiresAt }] of expiries) {
      if (expiresAt <= now) {
        expiries.delete(account);
        continue;
      }
      result.observe((expiresAt - now) / 1000, { 'enkash.product': product });
    }
  };
  instruments.timeToExpiry.addCallback(observeExpiries);
  const onMessage = (message: unknown) => {
    if (isChannelMessage(message)) record(message, instruments, tracer, expiries);
  };
  diagnosticsChannel.subscribe(ENKASH_AUTH_CHANNEL, onMessage);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    diagnosticsChannel.unsubscribe(ENKASH_AUTH_CHANNEL, onMessage);
    instruments.timeToExpiry.removeCallback(observeExpiries);
    expiries.clear();
  };
}

function record(
  { event, product, payload, account }: ChannelMessage,
  instruments: Instruments,
  tracer: Tracer,
  expiries: Map<number | string, { product: string; expiresAt: number }>,
): void {
  const attributes = { 'enkash.product': product };
  switch (event) {
    case 'token-request': {
      const outcome = String(payload.outcome);
      const durationMs = typeof payload.durationMs === 'number' ? payload.durationMs : 0;
      instruments.tokenRequests.add(1, { ...attributes, 'enkash.outcome': outcome });
      instruments.tokenRequestDuration.record(durationMs / 1000, {
        ...attributes,
        'enkash.outcome': outcome,
      });
      recordSpan(tracer, product, outcome, durationMs, payload);
      break;
    }
    case 'retry':
      instruments.retries.add(1, attributes);
      break;
    case 'lockout':
      instruments.guardTrips.add(1, attributes);
      break;
    case 'guard-refused':
      instruments.guardRefusals.add(1, attributes);
      break;
    case 'store-error':
      instruments.storeErrors.add(1, {
        ...attributes,
        'enkash.store.operation': String(payload.operation),
      });
      break;
    case 'token':
    case 'token-adopted':
      if (typeof payload.expiresAt === 'number') {
        expiries.set(account ?? product, { product, expiresAt: payload.expiresAt });
      }
      break;
  }
}

/** The span of one token request, placed after the fact from its duration. */
function recordSpan(
  tracer: Tracer,
  product: string,
  outcome: string,
  durationMs: number,
  payload: Record<string, unknown>,
): void {
  const end = Date.now();
  const span = tracer.startSpan('enkash.auth.token_request', {
    kind: SpanKind.CLIENT,
    startTime: end - durationMs,
    attributes: {
      'enkash.product': product,
      'enkash.outcome': outcome,
      ...(typeof payload.attempt === 'number' ? { 'enkash.attempt': payload.attempt } : {}),
      ...(typeof payload.status === 'number'
        ? { 'http.response.status_code': payload.status }
        : {}),
      ...(typeof payload.code === 'string' ? { 'error.type': payload.code } : {}),
    },
  });
  if (outcome !== 'token') span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(end);
}
