import { createPayoutsAuth } from '@enkash/payouts';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enableOpenTelemetry } from './enable-open-telemetry.js';

/** A reader the test collects from when it wants. */
class CollectingReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Every data point of one metric, with its attributes. */
function pointsOf(metrics: ResourceMetrics, name: string): DataPoint<unknown>[] {
  return metrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) => metric.dataPoints as DataPoint<unknown>[]);
}

function total(metrics: ResourceMetrics, name: string, outcome?: string): number {
  return pointsOf(metrics, name)
    .filter((point) => outcome === undefined || point.attributes['enkash.outcome'] === outcome)
    .reduce((sum, point) => sum + (point.value as number), 0);
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

describe('enableOpenTelemetry', () => {
  let stop: (() => void) | undefined;
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });

  afterEach(() => {
    stop?.();
    stop = undefined;
    spans.reset();
    sandbox.reset();
  });

  it('records token requests, retries, the guard and time to expiry, with no secret in any attribute', async () => {
    stop = enableOpenTelemetry({ meterProvider, tracerProvider });
    const user = sandbox.users.payouts;
    const options = { baseUrl: sandbox.baseUrl('payouts'), ...user, retryDelayMs: 1 };
    sandbox.enqueueFault('payouts', { type: 'status', status: 503 }, { type: 'status', status: 503 });
    const token = await createPayoutsAuth(options).getToken();
    const wrong = createPayoutsAuth({ ...options, password: 'not-the-password-93' });
    for (let call = 0; call < 3; call += 1) await wrong.getToken().catch(() => undefined);

    const { resourceMetrics } = await reader.collect();
    expect(total(resourceMetrics, 'enkash.auth.token_requests', 'transient')).toBe(2);
    expect(total(resourceMetrics, 'enkash.auth.token_requests', 'token')).toBe(1);
    expect(total(resourceMetrics, 'enkash.auth.token_requests', 'rejected')).toBe(2);
    expect(total(resourceMetrics, 'enkash.auth.retries')).toBe(2);
    expect(total(resourceMetrics, 'enkash.auth.guard_trips')).toBe(1);
    expect(total(resourceMetrics, 'enkash.auth.guard_refusals')).toBe(1);
    const durations = pointsOf(resourceMetrics, 'enkash.auth.token_request.duration');
    expect(durations.reduce((sum, point) => sum + (point.value as Histogram).count, 0)).toBe(5);
    const [expiry] = pointsOf(resourceMetrics, 'enkash.auth.token.time_to_expiry');
    expect(expiry?.value).toBeGreaterThan(250);
    expect(expiry?.value).toBeLessThanOrEqual(300);

    const finished = spans.getFinishedSpans();
    expect(finished.map((span) => span.name)).toEqual(
      Array(5).fill('enkash.auth.token_request'),
    );
    expect(finished.map((span) => span.attributes['enkash.outcome'])).toEqual([
      'transient',
      'transient',
      'token',
      'rejected',
      'rejected',
    ]);
    expect(finished[0]?.attributes).toMatchObject({
      'enkash.product': 'payouts',
      'enkash.attempt': 1,
      'http.response.status_code': 503,
    });

    const everything = JSON.stringify([
      resourceMetrics.scopeMetrics.flatMap((scope) =>
        scope.metrics.flatMap((metric) => metric.dataPoints.map((point) => point.attributes)),
      ),
      finished.map((span) => span.attributes),
    ]);
    for (const secret of [user.password, user.clientSecret, 'not-the-password-93', token.accessToken]) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(Buffer.from(secret).toString('base64').replace(/=+$/, ''));
    }
  });

  it('records nothing once stopped', async () => {
    stop = enableOpenTelemetry({ meterProvider, tracerProvider });
    stop();
    const before = spans.getFinishedSpans().length;
    await createPayoutsAuth({ baseUrl: sandbox.baseUrl('payouts'), ...sandbox.users.payouts })
      .getToken({ forceRefresh: true });
    expect(spans.getFinishedSpans().length).toBe(before);
  });
});
