import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPayoutsAuth } from '@enkash/payouts';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enableOpenTelemetry } from './enable-open-telemetry.js';

// The names the guide's PromQL uses, as a Prometheus server scrapes them from the Node SDK's
// Prometheus exporter (served over HTTP on 127.0.0.1) after real token requests against the
// sandbox. That exporter adds `_total` to counters but no unit suffix: the unit is its `# UNIT`
// line (an OpenTelemetry Collector or Prometheus's own OTLP receiver would add `_seconds`).

let sandbox: Sandbox;
let server: Server;
let meterProvider: MeterProvider;
let stop: () => void = () => undefined;

beforeAll(async () => {
  sandbox = await startSandbox();
  // Served by a server of the test's own on a free port, not the exporter's fixed 9464.
  const exporter = new PrometheusExporter({ preventServerStart: true });
  meterProvider = new MeterProvider({ readers: [exporter] });
  server = createServer((request, response) =>
    exporter.getMetricsRequestHandler(request, response),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stop = enableOpenTelemetry({ meterProvider });
});

afterAll(async () => {
  stop();
  await new Promise((resolve) => server?.close(resolve));
  await meterProvider?.shutdown();
  await sandbox?.close();
});

it('exports the metrics under the Prometheus names the guide alerts on', async () => {
  const options = { baseUrl: sandbox.baseUrl('payouts'), ...sandbox.users.payouts };
  const fault = { type: 'status', status: 503 } as const;
  sandbox.enqueueFault('payouts', fault);
  await createPayoutsAuth({ ...options, retryDelayMs: 1 }).getToken();
  const wrong = createPayoutsAuth({ ...options, password: 'not-the-password-of-the-scrape' });
  for (let call = 0; call < 3; call += 1) await wrong.getToken().catch(() => undefined);

  const { port } = server.address() as AddressInfo;
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const series = new Set(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.replace(/[{ ].*$/, '')),
  );
  expect([...series].filter((name) => name.startsWith('enkash_')).sort()).toEqual([
    'enkash_auth_guard_refusals_total',
    'enkash_auth_guard_trips_total',
    'enkash_auth_retries_total',
    'enkash_auth_token_request_duration_bucket',
    'enkash_auth_token_request_duration_count',
    'enkash_auth_token_request_duration_sum',
    'enkash_auth_token_requests_total',
    'enkash_auth_token_time_to_expiry',
  ]);
  expect(text).toMatch(/^enkash_auth_token_requests_total\{[^}]*enkash_outcome="token"/m);
  expect(text).toMatch(/^enkash_auth_token_requests_total\{[^}]*enkash_product="payouts"/m);
  expect(text).toMatch(/^enkash_auth_token_time_to_expiry\{[^}]*enkash_account="\d+"/m);
  expect(text).toMatch(/^# UNIT enkash_auth_token_request_duration s$/m);
  expect(text).not.toContain(sandbox.users.payouts.password);
  expect(text).not.toContain(sandbox.users.payouts.clientSecret);
});
