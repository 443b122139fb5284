import diagnosticsChannel from 'node:diagnostics_channel';
import { AUTH_CHANNEL } from '@enkash/auth-core';
import { forgetAccounts } from '@enkash/auth-core/testing';
import { createMemoryStore, createPayoutsAuth } from '@enkash/payouts';
import { DEMO_USERS, type Sandbox, type SandboxUser, startSandbox } from '@enkash/sandbox';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { enableOpenTelemetry } from './enable-open-telemetry.js';
import { createInMemoryTelemetry, metricNames, pointsOf, sumOf } from './test-support/telemetry.js';

// Every test drives real auths against the sandbox over HTTP on 127.0.0.1 and reads what the
// real OpenTelemetry SDK recorded: its metrics from a reader in memory, its spans from the
// in-memory span exporter.

/** A second payouts user: another account of the same product. */
const SECOND_USER: SandboxUser = {
  clientId: 'second-client-id-of-the-otel-test',
  clientSecret: 'second-client-secret-of-the-otel-test',
  username: 'second.user@otel.test',
  password: 'second-password-of-the-otel-test',
};
const WRONG_PASSWORD = 'not-the-password-of-the-otel-test';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ users: { payouts: [DEMO_USERS.payouts, SECOND_USER] } });
});
afterAll(() => sandbox?.close());

/** OpenTelemetry enabled on fresh in-memory providers, stopped and shut down when the test ends. */
function enabled() {
  const telemetry = createInMemoryTelemetry();
  const stop = enableOpenTelemetry(telemetry);
  onTestFinished(async () => {
    stop();
    sandbox.reset();
    await telemetry.shutdown();
  });
  return { ...telemetry, stop };
}

function payoutsAuth(user: SandboxUser = sandbox.users.payouts, options: object = {}) {
  return createPayoutsAuth({ baseUrl: sandbox.baseUrl('payouts'), ...user, ...options });
}

describe('enableOpenTelemetry', () => {
  it('3 × 503 then a token: 4 token requests, 3 retries, 4 durations and 4 spans', async () => {
    const { collect, spans } = enabled();
    const fault = { type: 'status', status: 503 } as const;
    sandbox.enqueueFault('payouts', fault, fault, fault);
    await payoutsAuth(sandbox.users.payouts, { retries: 3, retryDelayMs: 1 }).getToken();

    const metrics = await collect();
    const payouts = { 'enkash.product': 'payouts' };
    expect(sumOf(metrics, 'enkash.auth.token_requests', payouts)).toBe(4);
    expect(
      sumOf(metrics, 'enkash.auth.token_requests', { ...payouts, 'enkash.outcome': 'transient' }),
    ).toBe(3);
    expect(
      sumOf(metrics, 'enkash.auth.token_requests', { ...payouts, 'enkash.outcome': 'token' }),
    ).toBe(1);
    expect(sumOf(metrics, 'enkash.auth.retries', payouts)).toBe(3);
    const durations = pointsOf(metrics, 'enkash.auth.token_request.duration');
    expect(durations.reduce((count, point) => count + (point.value as Histogram).count, 0)).toBe(4);

    const finished = spans.getFinishedSpans();
    expect(finished.map((span) => span.name)).toEqual(Array(4).fill('enkash.auth.token_request'));
    expect(finished.map((span) => span.attributes)).toEqual([
      ...[1, 2, 3].map((attempt) => ({
        'enkash.product': 'payouts',
        'enkash.outcome': 'transient',
        'enkash.attempt': attempt,
        'http.response.status_code': 503,
        'error.type': 'HTTP',
      })),
      expect.objectContaining({
        'enkash.product': 'payouts',
        'enkash.outcome': 'token',
        'enkash.attempt': 4,
      }),
    ]);
  });

  it('a wrong password: 2 rejected token requests, 1 guard trip, then a refusal per call', async () => {
    const { collect, spans } = enabled();
    const wrong = payoutsAuth({ ...sandbox.users.payouts, password: WRONG_PASSWORD });
    for (let call = 0; call < 4; call += 1) await wrong.getToken().catch(() => undefined);

    const metrics = await collect();
    const payouts = { 'enkash.product': 'payouts' };
    expect(
      sumOf(metrics, 'enkash.auth.token_requests', { ...payouts, 'enkash.outcome': 'rejected' }),
    ).toBe(2);
    expect(sumOf(metrics, 'enkash.auth.guard_trips', payouts)).toBe(1);
    expect(sumOf(metrics, 'enkash.auth.guard_refusals', payouts)).toBe(2);
    expect(spans.getFinishedSpans().map((span) => span.attributes['enkash.outcome'])).toEqual([
      'rejected',
      'rejected',
    ]);
  });

  it('counts failed store operations by operation', async () => {
    const { collect } = enabled();
    // Its first read fails, then it answers: the auth carries on, and no retry outlives the test.
    const memory = createMemoryStore();
    let failures = 1;
    const store = {
      ...memory,
      get: (key: string) =>
        failures-- > 0 ? Promise.reject(new Error('store down')) : memory.get(key),
    };
    await payoutsAuth(sandbox.users.payouts, { store }).getToken();

    const metrics = await collect();
    expect(
      sumOf(metrics, 'enkash.auth.store_errors', {
        'enkash.product': 'payouts',
        'enkash.store.operation': 'get',
      }),
    ).toBe(1);
  });

  it('time to expiry: one point per account the process holds, whichever auth fetched', async () => {
    const { collect } = enabled();
    // Two auths of the first account (the second adopts nothing: it shares the account's token)
    // and one of the second account.
    const first = await payoutsAuth().getToken();
    await payoutsAuth().getToken();
    const second = await payoutsAuth(SECOND_USER).getToken();

    const before = Date.now();
    const points = pointsOf(await collect(), 'enkash.auth.token.time_to_expiry');
    const after = Date.now();
    expect(points).toHaveLength(2);
    const accounts = new Set(points.map((point) => point.attributes['enkash.account']));
    expect(accounts.size).toBe(2);
    const values = points.map((point) => point.value as number).sort((a, b) => a - b);
    const expected = [first.expiresAt, second.expiresAt].sort((a, b) => a - b);
    for (const [index, expiresAt] of expected.entries()) {
      expect(values[index]).toBeGreaterThanOrEqual((expiresAt - after) / 1000);
      expect(values[index]).toBeLessThanOrEqual((expiresAt - before) / 1000);
    }
    expect(points.every((point) => point.attributes['enkash.product'] === 'payouts')).toBe(true);
  });

  it('time to expiry: a token taken from the store counts for its account', async () => {
    const store = createMemoryStore();
    const token = await payoutsAuth(sandbox.users.payouts, { store }).getToken();
    // As a process started afresh: it holds no token of the account until it adopts the stored one.
    forgetAccounts();
    const { collect } = enabled();
    const adopted = await payoutsAuth(sandbox.users.payouts, { store }).getToken();
    expect(adopted.expiresAt).toBe(token.expiresAt);
    expect(sandbox.counters('payouts').tokenRequests).toBe(1);

    const before = Date.now();
    const points = pointsOf(await collect(), 'enkash.auth.token.time_to_expiry');
    expect(points).toHaveLength(1);
    expect(points[0]?.value).toBeLessThanOrEqual((token.expiresAt - before) / 1000);
  });

  it('records no attribute that holds a secret or a token, in any spelling', async () => {
    const { collect, spans } = enabled();
    const fault = { type: 'status', status: 503 } as const;
    sandbox.enqueueFault('payouts', fault);
    const user = sandbox.users.payouts;
    const token = await payoutsAuth(user, { retryDelayMs: 1 }).getToken();
    const wrong = payoutsAuth({ ...user, password: WRONG_PASSWORD });
    for (let call = 0; call < 3; call += 1) await wrong.getToken().catch(() => undefined);

    const metrics = await collect();
    expect(metricNames(metrics)).toEqual(
      expect.arrayContaining([
        'enkash.auth.guard_refusals',
        'enkash.auth.guard_trips',
        'enkash.auth.retries',
        'enkash.auth.token.time_to_expiry',
        'enkash.auth.token_request.duration',
        'enkash.auth.token_requests',
      ]),
    );
    const recorded = JSON.stringify([
      metrics.scopeMetrics.flatMap((scope) =>
        scope.metrics.flatMap((metric) => metric.dataPoints.map((point) => point.attributes)),
      ),
      spans.getFinishedSpans().map((span) => [span.name, span.attributes, span.events]),
    ]);
    const secrets = [
      user.clientSecret,
      user.password,
      WRONG_PASSWORD,
      token.accessToken,
      `${user.clientId}:${user.clientSecret}`,
    ];
    for (const secret of secrets) {
      for (const spelling of [
        secret,
        encodeURIComponent(secret),
        Buffer.from(secret).toString('base64').replace(/=+$/, ''),
      ]) {
        expect(recorded).not.toContain(spelling);
      }
    }
  });

  it('ignores a message on the channel that is not the core’s', async () => {
    const { collect, spans } = enabled();
    const channel = diagnosticsChannel.channel(AUTH_CHANNEL);
    for (const message of [null, 'token-request', { event: 'token-request', product: 'payouts' }]) {
      channel.publish(message);
    }
    expect(metricNames(await collect())).toEqual([]);
    expect(spans.getFinishedSpans()).toEqual([]);
  });

  it('time to expiry: an account whose token has expired has no point', async () => {
    const { collect } = enabled();
    const channel = diagnosticsChannel.channel(AUTH_CHANNEL);
    // As the core publishes a token that ran out while no call asked for the next one.
    const expired = { product: 'payouts', expiresAt: Date.now() - 1 };
    channel.publish({ event: 'token', product: 'payouts', payload: expired, account: 1e9 });
    expect(pointsOf(await collect(), 'enkash.auth.token.time_to_expiry')).toEqual([]);
  });

  it('stops: unsubscribed from the channel, and nothing more recorded', async () => {
    const { collect, spans, stop } = enabled();
    await payoutsAuth().getToken();
    stop();
    stop();
    expect(diagnosticsChannel.hasSubscribers(AUTH_CHANNEL)).toBe(false);

    await payoutsAuth().getToken({ forceRefresh: true });
    // Collected only now: the gauge's callback, removed by stop(), observes nothing.
    const metrics = await collect();
    expect(sumOf(metrics, 'enkash.auth.token_requests')).toBe(1);
    expect(spans.getFinishedSpans()).toHaveLength(1);
    expect(pointsOf(metrics, 'enkash.auth.token.time_to_expiry')).toEqual([]);
  });
});
