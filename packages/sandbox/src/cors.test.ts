import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxHandler } from './create-sandbox-handler.js';
import { MAX_BODY_BYTES } from './read-body.js';
import { type Sandbox, startSandbox } from './start-sandbox.js';
import { accessTokenOf, ping, requestToken } from './test-support/token-request.js';

const EXPECTED_CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, API-Key, User-Agent, *',
  'access-control-expose-headers': 'Retry-After',
};

function corsHeadersOf(headers: Headers): Record<string, string> {
  const found: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name in EXPECTED_CORS_HEADERS) found[name] = value;
  });
  return found;
}

/** A browser's preflight for a token request: what Chromium sends before the POST. */
function preflight(url: string): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://127.0.0.1:9',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });
}

describe('cors: true', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ cors: true });
  });
  beforeEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  it('answers a preflight with 204 and the CORS headers, without logging or counting it', async () => {
    const response = await preflight(`${sandbox.baseUrl('payouts')}/oauth/token`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(corsHeadersOf(response.headers)).toEqual(EXPECTED_CORS_HEADERS);
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(sandbox.counters('payouts').tokenRequests).toBe(0);
    expect(sandbox.requests('payouts')).toEqual([]);
  });

  it('adds the CORS headers to a token, a rejection, a ping and a 404', async () => {
    const issued = await requestToken(sandbox, 'payouts');
    expect(issued.status).toBe(200);
    expect(corsHeadersOf(issued.headers)).toEqual(EXPECTED_CORS_HEADERS);
    const pinged = await ping(sandbox, 'payouts', accessTokenOf(issued.json));
    expect(pinged.status).toBe(200);
    expect(corsHeadersOf(pinged.headers)).toEqual(EXPECTED_CORS_HEADERS);
    const rejected = await requestToken(sandbox, 'payouts', { form: { password: 'wrong' } });
    expect(rejected.status).toBe(401);
    expect(corsHeadersOf(rejected.headers)).toEqual(EXPECTED_CORS_HEADERS);
    const missing = await fetch(`${sandbox.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(corsHeadersOf(missing.headers)).toEqual(EXPECTED_CORS_HEADERS);
    expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 2, issued: 1 });
  });

  it('keeps a fault reply and its own headers, with the CORS headers added', async () => {
    sandbox.enqueueFault('payouts', {
      type: 'status',
      status: 429,
      headers: { 'Retry-After': '2' },
    });
    const throttled = await requestToken(sandbox, 'payouts');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(corsHeadersOf(throttled.headers)).toEqual(EXPECTED_CORS_HEADERS);
  });

  it('adds the CORS headers to the 413 for an oversized body', async () => {
    const response = await fetch(`${sandbox.baseUrl('payouts')}/oauth/token`, {
      method: 'POST',
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    });
    expect(response.status).toBe(413);
    expect(corsHeadersOf(response.headers)).toEqual(EXPECTED_CORS_HEADERS);
  });

  it('works the same through the in-process handler', async () => {
    const handler = createSandboxHandler({ cors: true });
    try {
      const answer = await handler(
        new Request('http://sandbox.test/cards/oauth/token', { method: 'OPTIONS' }),
      );
      expect(answer.status).toBe(204);
      expect(corsHeadersOf(answer.headers)).toEqual(EXPECTED_CORS_HEADERS);
      expect(handler.counters('cards').tokenRequests).toBe(0);
    } finally {
      handler.close();
    }
  });
});

describe('cors left at its default (false)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('adds no CORS header and treats OPTIONS as any other wrong method', async () => {
    const issued = await requestToken(sandbox, 'payouts');
    expect(issued.status).toBe(200);
    expect(corsHeadersOf(issued.headers)).toEqual({});
    const response = await preflight(`${sandbox.baseUrl('payouts')}/oauth/token`);
    expect(response.status).toBe(405);
    expect(corsHeadersOf(response.headers)).toEqual({});
    expect(sandbox.counters('payouts').tokenRequests).toBe(2);
  });
});
