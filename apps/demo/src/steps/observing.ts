import type { EnkashAuthEvents } from '@enkash/auth-core';
import { enableOpenTelemetry } from '@enkash/auth-otel';
import { createMetricsSnapshot } from '../metrics-snapshot.js';
import type { Step } from './step.js';

/** Every event an auth can hear, each listened to for the step. */
const EVENTS: readonly (keyof EnkashAuthEvents)[] = [
  'token-request',
  'retry',
  'token',
  'token-adopted',
  'refresh-error',
  'lockout',
  'guard-refused',
  'store-error',
  'lifetime-clamped',
];

/** The sandbox's token lifetime, restored after the refresh-ahead step shortened it. */
const LIFETIME_SECONDS = 300;

/** One event as a line: its name and the payload fields an operator reads (none is a secret). */
function describe(event: keyof EnkashAuthEvents, payload: object): string {
  const fields = ['outcome', 'status', 'code', 'attempt', 'source', 'failures']
    .map((name) => [name, (payload as Record<string, unknown>)[name]] as const)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name} ${String(value)}`);
  return fields.length === 0 ? event : `${event} (${fields.join(', ')})`;
}

/**
 * What an operator sees: a listener on the step's auth hears the events of
 * its account that another auth causes (a 503, its retry, a token), and
 * `@enkash/auth-otel` records them as OpenTelemetry metrics, read here from
 * the SDK's meter provider in memory.
 */
export const observingStep: Step = {
  label: 'observing',
  column: 'observing',
  sandboxOnly: 'the 503 it shows retried is staged by the sandbox',
  async run({ auth, createAuth, target }) {
    const snapshot = createMetricsSnapshot();
    const stop = enableOpenTelemetry({ meterProvider: snapshot.meterProvider });
    const heard: string[] = [];
    const unsubscribes = EVENTS.map((event) =>
      auth.on(event, (payload) => heard.push(describe(event, payload))),
    );
    try {
      target.sandbox?.setTokenLifetime(LIFETIME_SECONDS);
      const other = createAuth();
      // The lockout guard step left the account's guard tripped, as a wrong password would.
      await other.resetLockout();
      await other.invalidate();
      target.sandbox?.failNextTokenRequest();
      await other.getToken();
      const metrics = await snapshot.lines(target.product.name);
      const ok =
        heard.filter((line) => line.startsWith('token-request')).length === 2 &&
        heard.some((line) => line.startsWith('retry')) &&
        metrics.some((line) => line.startsWith('enkash.auth.retries 1'));
      return {
        ok,
        lines: [
          `events the first auth heard, caused by another auth of the account: ${heard.join('; ')}`,
          'metrics (@enkash/auth-otel, in-memory reader):',
          ...metrics.map((line) => `  ${line}`),
        ],
        summary: ok ? `${heard.length} events` : 'failed',
      };
    } finally {
      for (const unsubscribe of unsubscribes) unsubscribe();
      stop();
      await snapshot.shutdown();
    }
  },
};
