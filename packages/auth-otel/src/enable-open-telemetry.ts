import diagnosticsChannel from 'node:diagnostics_channel';
import { AUTH_CHANNEL } from '@enkash/auth-core';
import {
  type MeterProvider,
  metrics,
  type ObservableCallback,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { isChannelMessage } from './channel-message.js';
import { createInstruments } from './instruments.js';
import { recordMessage } from './record-message.js';
import { createTokenExpiries } from './token-expiries.js';
import { VERSION } from './version.js';

/** Options of {@link enableOpenTelemetry}. */
export interface EnableOpenTelemetryOptions {
  /** Where the metrics go. Default: the global meter provider of `@opentelemetry/api`. */
  meterProvider?: MeterProvider | undefined;
  /** Where the spans go. Default: the global tracer provider of `@opentelemetry/api`. */
  tracerProvider?: TracerProvider | undefined;
}

/** The instrumentation scope every instrument and span is recorded under. */
const SCOPE = '@enkash/auth-otel';

/**
 * Records what every EnKash auth of the process does, from the `enkash:auth`
 * diagnostics channel, through `@opentelemetry/api`: the counters
 * `enkash.auth.token_requests` (`enkash.product`, `enkash.outcome`),
 * `enkash.auth.retries`, `enkash.auth.guard_trips`,
 * `enkash.auth.guard_refusals` and `enkash.auth.store_errors`, the histogram
 * `enkash.auth.token_request.duration` (seconds), the gauge
 * `enkash.auth.token.time_to_expiry` (seconds, one point per account the
 * process holds a token of), and one span `enkash.auth.token_request` per
 * token request attempt. Nothing it records holds a secret or a token: the
 * channel carries none. Returns the function that stops it.
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
  const expiries = createTokenExpiries();
  const observeExpiries: ObservableCallback = (result) => expiries.observe(result, Date.now());
  instruments.timeToExpiry.addCallback(observeExpiries);
  const onMessage = (message: unknown): void => {
    if (isChannelMessage(message)) recordMessage(message, { instruments, tracer, expiries });
  };
  // Subscribing by name keeps the channel alive and makes the core publish (it is silent otherwise).
  diagnosticsChannel.subscribe(AUTH_CHANNEL, onMessage);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    diagnosticsChannel.unsubscribe(AUTH_CHANNEL, onMessage);
    instruments.timeToExpiry.removeCallback(observeExpiries);
    expiries.clear();
  };
}
