import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from './start-sandbox.js';
import { correctRequest, requestToken } from './test-support/token-request.js';
import { isSettled, waitFor } from './test-support/wait-for.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function rawTokenRequest(target: Sandbox, signal?: AbortSignal): Promise<Response> {
  const { form, headers } = correctRequest('payouts', target.users.payouts);
  return fetch(`${target.baseUrl('payouts')}/oauth/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form).toString(),
    ...(signal === undefined ? {} : { signal }),
  });
}

describe('status faults', () => {
  it('serves 503 with a JSON body, then answers normally', async () => {
    sandbox.enqueueFault('payouts', {
      type: 'status',
      status: 503,
      body: { error: 'unavailable' },
    });
    const faulted = await requestToken(sandbox, 'payouts');
    expect(faulted.status).toBe(503);
    expect(faulted.json).toEqual({ error: 'unavailable' });
    expect(faulted.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect((await requestToken(sandbox, 'payouts')).status).toBe(200);
  });

  it('serves 429 with Retry-After in seconds and as an HTTP date', async () => {
    const date = new Date(Date.UTC(2030, 0, 1)).toUTCString();
    sandbox.enqueueFault(
      'payouts',
      { type: 'status', status: 429, headers: { 'Retry-After': '2' } },
      { type: 'status', status: 429, headers: { 'Retry-After': date }, body: 'slow down' },
    );
    const seconds = await requestToken(sandbox, 'payouts');
    expect(seconds.status).toBe(429);
    expect(seconds.headers.get('retry-after')).toBe('2');
    expect(seconds.text).toBe('');
    const httpDate = await requestToken(sandbox, 'payouts');
    expect(httpDate.headers.get('retry-after')).toBe(date);
    expect(httpDate.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(httpDate.text).toBe('slow down');
  });

  it('consumes faults one per token request, in order, per product, never on pings', async () => {
    sandbox.enqueueFault(
      'payouts',
      { type: 'status', status: 500 },
      { type: 'status', status: 502 },
    );
    expect(sandbox.pendingFaults('payouts')).toBe(2);
    expect((await requestToken(sandbox, 'bbps')).status).toBe(200);
    await fetch(`${sandbox.baseUrl('payouts')}/api/ping`);
    expect((await requestToken(sandbox, 'payouts')).status).toBe(500);
    expect((await requestToken(sandbox, 'payouts')).status).toBe(502);
    expect(sandbox.pendingFaults('payouts')).toBe(0);
    expect((await requestToken(sandbox, 'payouts')).status).toBe(200);
    expect(sandbox.counters('payouts')).toMatchObject({
      tokenRequests: 3,
      faultsServed: 2,
      issued: 1,
    });
  });

  it('a faulted request leaves credentials alone: wrong passwords under faults never lock', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      sandbox.enqueueFault('payouts', { type: 'status', status: 503 });
      await requestToken(sandbox, 'payouts', { form: { password: 'wrong' } });
    }
    expect(sandbox.failedAttempts('payouts', sandbox.users.payouts.username)).toBe(0);
    expect(sandbox.requests('payouts').map((entry) => entry.outcome)).toEqual([
      'fault:status',
      'fault:status',
      'fault:status',
    ]);
  });

  it('rejects a malformed fault at enqueue time', () => {
    expect(() => sandbox.enqueueFault('payouts', { type: 'status', status: 99 })).toThrow(
      TypeError,
    );
    expect(() =>
      sandbox.enqueueFault('payouts', { type: 'explode' } as unknown as { type: 'hang' }),
    ).toThrow('Unknown sandbox fault: {"type":"explode"}');
    expect(() => sandbox.enqueueFault('payouts', { type: 'delay', ms: -1 })).toThrow(TypeError);
  });
});

describe('body faults', () => {
  it('truncated-json: a JSON content type whose body does not parse', async () => {
    sandbox.enqueueFault('payouts', { type: 'truncated-json' });
    const { status, headers, text } = await requestToken(sandbox, 'payouts');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/json');
    expect(text.length).toBeGreaterThan(10);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('html: an HTML page, status 200 unless given', async () => {
    sandbox.enqueueFault('payouts', { type: 'html' }, { type: 'html', status: 502 });
    const first = await requestToken(sandbox, 'payouts');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html;charset=UTF-8');
    expect(first.text).toMatch(/^<!DOCTYPE html>/);
    expect((await requestToken(sandbox, 'payouts')).status).toBe(502);
  });

  it('empty: a JSON content type with no body', async () => {
    sandbox.enqueueFault('payouts', { type: 'empty' });
    const { status, headers, text } = await requestToken(sandbox, 'payouts');
    expect(status).toBe(200);
    expect(headers.get('content-length')).toBe('0');
    expect(text).toBe('');
  });
});

describe('connection faults', () => {
  it('reset: the client sees a reset connection, then the next request works', async () => {
    sandbox.enqueueFault('payouts', { type: 'reset' });
    const error = await rawTokenRequest(sandbox).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toMatchObject({
      code: expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET/),
    });
    expect((await requestToken(sandbox, 'payouts')).status).toBe(200);
  });

  it('hang: never answers; the client gives up with its own signal', async () => {
    sandbox.enqueueFault('payouts', { type: 'hang' });
    const controller = new AbortController();
    const hanging = rawTokenRequest(sandbox, controller.signal);
    await waitFor(() => sandbox.requests('payouts').length === 1);
    expect(await isSettled(hanging)).toBe(false);
    controller.abort();
    await expect(hanging).rejects.toMatchObject({ name: 'AbortError' });
    expect(sandbox.requests('payouts')[0]).toMatchObject({ outcome: 'fault:hang' });
    expect(sandbox.requests('payouts')[0]).not.toHaveProperty('status');
  });

  it('hang: close() ends the hanging connection and resolves', async () => {
    const own = await startSandbox();
    own.enqueueFault('payouts', { type: 'hang' });
    const hanging = rawTokenRequest(own).catch((caught: unknown) => caught);
    await waitFor(() => own.requests('payouts').length === 1);
    await own.close();
    expect(await hanging).toBeInstanceOf(TypeError);
  });

  it('delay: holds the answer, then answers normally', async () => {
    sandbox.enqueueFault('payouts', { type: 'delay', ms: 20 });
    const delayed = await requestToken(sandbox, 'payouts');
    expect(delayed.status).toBe(200);
    expect(sandbox.counters('payouts')).toMatchObject({ faultsServed: 1, issued: 1 });
  });

  it('delay: nothing is answered before the delay ends; close() cuts it short', async () => {
    const own = await startSandbox();
    own.enqueueFault('payouts', { type: 'delay', ms: 60_000 });
    const delayed = rawTokenRequest(own).catch((caught: unknown) => caught);
    await waitFor(() => own.requests('payouts').length === 1);
    expect(await isSettled(delayed)).toBe(false);
    await own.close();
    expect(await delayed).toBeInstanceOf(TypeError);
    expect(own.counters('payouts').issued).toBe(0);
  });
});
