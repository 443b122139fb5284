import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { envelopeOf } from './encrypted-api.js';
import { openJson, sealText } from './payload-cipher.js';
import type { SandboxProduct } from './products.js';
import type { SandboxRequestLogEntry } from './request-log-entry.js';
import { type Sandbox, startSandbox } from './start-sandbox.js';
import { accessTokenOf, readResponse, requestToken } from './test-support/token-request.js';

const now = Date.UTC(2026, 0, 1);
const logged: SandboxRequestLogEntry[] = [];
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => now, onRequest: (entry) => logged.push(entry) });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reset();
  logged.length = 0;
});

const PAYLOAD = { beneficiaryName: 'Asha Rao', accountNumber: '000111222333', note: 'नमस्ते ✓' };

async function call(
  product: SandboxProduct,
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const token = accessTokenOf((await requestToken(sandbox, product)).json);
  return readResponse(
    await fetch(`${sandbox.baseUrl(product)}${path}`, {
      method: init.method ?? 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: init.body }),
    }),
  );
}

function envelope(value: unknown, secret: string): string {
  return JSON.stringify({ request: sealText(JSON.stringify(value), secret) });
}

describe('the encrypted API of payouts, cards and rewards', () => {
  it.each([
    ['payouts', {}],
    ['cards', { partnerId: 'CR0000001' }],
    ['rewards', {}],
  ] as const)(
    '%s: decrypts the envelope and answers an encrypted echo',
    async (product, headers) => {
      const secret = sandbox.users[product].clientSecret;
      const { status, json, text } = await call(product, '/api/echo', {
        body: envelope(PAYLOAD, secret),
        headers,
      });
      expect(status).toBe(200);
      expect(Object.keys(json)).toEqual(['request']);
      expect(text).not.toContain('Asha');
      expect(openJson(json.request as string, secret)).toEqual({
        value: { method: 'POST', path: `/${product}/api/echo`, received: PAYLOAD },
      });
    },
  );

  it('answers a GET without a body with received: null, encrypted', async () => {
    const { status, json } = await call('payouts', '/api/v1/balance?currency=INR', {
      method: 'GET',
    });
    expect(status).toBe(200);
    expect(openJson(json.request as string, sandbox.users.payouts.clientSecret)).toEqual({
      value: { method: 'GET', path: '/payouts/api/v1/balance', received: null },
    });
  });

  it('logs the envelope redacted, never the plaintext or the ciphertext', async () => {
    const body = envelope(PAYLOAD, sandbox.users.payouts.clientSecret);
    await call('payouts', '/api/echo', { body });
    const ciphertext = JSON.parse(body).request as string;
    const entry = sandbox.requests('payouts').at(-1);
    expect(entry).toMatchObject({
      endpoint: 'api',
      outcome: 'ok',
      status: 200,
      envelope: { request: `[redacted] ${ciphertext.length} Base64 characters` },
    });
    const everything = JSON.stringify([sandbox.requests('payouts'), logged]);
    expect(everything).not.toContain('Asha');
    expect(everything).not.toContain(ciphertext);
  });

  it.each([
    ['not JSON', 'request=abc'],
    ['no request field', '{"payload":"abc"}'],
    ['not Base64', '{"request":"not base64!"}'],
    ['a wrong key', envelope(PAYLOAD, 'another-secret')],
  ])('answers a Spring-style 400 to an envelope that is %s', async (_case, body) => {
    const { status, json, text } = await call('payouts', '/api/echo', { body });
    expect(status).toBe(400);
    expect(json).toMatchObject({
      timestamp: new Date(now).toISOString(),
      status: 400,
      error: 'Bad Request',
      path: '/payouts/api/echo',
    });
    expect(text).not.toContain('Asha');
    expect(sandbox.requests('payouts').at(-1)).toMatchObject({ outcome: 'bad_request' });
  });

  it('answers 400 to a cards call without partnerId', async () => {
    const body = envelope(PAYLOAD, sandbox.users.cards.clientSecret);
    const { status, json } = await call('cards', '/api/echo', { body });
    expect(status).toBe(400);
    expect(json.message).toBe("Required request header 'partnerid' is not present");
  });

  it('refuses a missing or unknown bearer token with 401', async () => {
    const response = await fetch(`${sandbox.baseUrl('payouts')}/api/echo`, {
      method: 'POST',
      headers: { authorization: 'Bearer made-up' },
      body: envelope(PAYLOAD, sandbox.users.payouts.clientSecret),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: 'Invalid access token',
    });
  });

  it('serves no encrypted API for bbps and expense', async () => {
    const { status } = await call('bbps', '/api/echo', { body: '{}' });
    expect(status).toBe(404);
  });
});

describe('envelopeOf', () => {
  it('finds the ciphertext of an object with a string request, whitespace around it allowed', () => {
    expect(envelopeOf('{"request":"c2VhbGVk"}')).toBe('c2VhbGVk');
    expect(envelopeOf(' \r\n\t{ "request" : "c2VhbGVk" }\n')).toBe('c2VhbGVk');
    expect(envelopeOf('{"\\u0072equest":"c2VhbGVk"}')).toBe('c2VhbGVk');
  });

  it('finds none in a form, an empty body, an array, a non-string request or broken JSON', () => {
    for (const body of [
      'grant_type=password&username=u&password=p',
      '',
      '[{"request":"c2VhbGVk"}]',
      '{"request":1}',
      '{"other":"c2VhbGVk"}',
      '{"request":',
      'null',
    ]) {
      expect(envelopeOf(body), body).toBeUndefined();
    }
  });
});
