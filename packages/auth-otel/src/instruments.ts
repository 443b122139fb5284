import type { Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';

/**
 * Every instrument the package records. Named by the semantic conventions'
 * rules: a lower-case `enkash.` namespace, dots between levels and `_`
 * within one, counts of things pluralized with a `{thing}` annotation as
 * their unit, durations in seconds (`s`), no unit or `_total` in a name (an
 * exporter adds what its backend wants).
 */
export interface Instruments {
  tokenRequests: Counter;
  tokenRequestDuration: Histogram;
  retries: Counter;
  guardTrips: Counter;
  guardRefusals: Counter;
  storeErrors: Counter;
  timeToExpiry: ObservableGauge;
}

/** Bucket bounds in seconds, from a loopback answer to a slow EnKash with retries. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Creates the instruments on `meter`. */
export function createInstruments(meter: Meter): Instruments {
  return {
    tokenRequests: meter.createCounter('enkash.auth.token_requests', {
      description: 'Token request attempts that ended, by product and outcome.',
      unit: '{request}',
    }),
    tokenRequestDuration: meter.createHistogram('enkash.auth.token_request.duration', {
      description: 'How long each token request attempt took.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    retries: meter.createCounter('enkash.auth.retries', {
      description: 'Token request attempts retried after a transient failure.',
      unit: '{retry}',
    }),
    guardTrips: meter.createCounter('enkash.auth.guard_trips', {
      description: 'Times the lockout guard tripped: token requests stop until resetLockout().',
      unit: '{trip}',
    }),
    guardRefusals: meter.createCounter('enkash.auth.guard_refusals', {
      description: 'Token requests the tripped lockout guard refused without sending.',
      unit: '{refusal}',
    }),
    storeErrors: meter.createCounter('enkash.auth.store_errors', {
      description: 'Token store operations that failed; the auth went on without the store.',
      unit: '{error}',
    }),
    timeToExpiry: meter.createObservableGauge('enkash.auth.token.time_to_expiry', {
      description: 'Seconds until the token each account of the process holds expires.',
      unit: 's',
    }),
  };
}
