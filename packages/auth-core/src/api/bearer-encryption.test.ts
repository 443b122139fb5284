import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { camelDefinition, eitherShapeDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { replyingServer } from '../../test-support/local-server.js';
import { nodeOpen, nodeSeal } from '../../test-support/node-cipher.js';
import { recordEvents, sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import type { ProductDefinition } from '../product/product-definition.js';

const sandbox = useSandbox();

const payoutsLike: ProductDefinition = { ...camelDefinition, encryptsPayloads: true };
const cardsLike: ProductDefinition = {
  ...eitherShapeDefinition,
  encryptsPayloads: true,
  apiOptionHeaders: { partnerId: 'partnerId' },
};

const BENEFICIARY = {
  beneficiaryName: 'Asha Rao',
  accountNumber: '000111222333',
  ifsc: 'HDFC0001',
};

/** The real fetch, recording every request body and response body that crossed the wire. */
function wireTap(): {
  fetch: typeof fetch;
  wire: Array<{ url: string; sent: string; got: string }>;
} {
  const wire: Array<{ url: string; sent: string; got: string }> = [];
  return {
    wire,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const sent = await request.clone().text();
      const response = await fetch(request);
      wire.push({ url: request.url, sent, got: await response.clone().text() });
      return response;
    },
  };
}

describe('encrypted payloads through client and fetch', () => {
  it('client.post({ json }) sends the envelope and returns the decrypted answer', async () => {
    const tap = wireTap();
    const auth = sandboxAuth(sandbox(), payoutsLike, { fetch: tap.fetch });
    const result = await auth.client.post('api/v1/beneficiary', { json: BENEFICIARY }).json();
    expect(result).toEqual({
      method: 'POST',
      path: '/payouts/api/v1/beneficiary',
      received: BENEFICIARY,
    });
    const call = tap.wire.find((entry) => entry.url.endsWith('/api/v1/beneficiary'));
    const secret = sandbox().users.payouts.clientSecret;
    expect(JSON.parse(call?.sent ?? '')).toEqual({
      request: nodeSeal(JSON.stringify(BENEFICIARY), secret),
    });
    expect(Object.keys(JSON.parse(call?.got ?? ''))).toEqual(['request']);
    expect(JSON.stringify(tap.wire)).not.toContain('Asha');
  });

  it('fetch encrypts a body sent with content-type application/json, charset and all', async () => {
    const auth = sandboxAuth(sandbox(), payoutsLike);
    const response = await auth.fetch('api/echo', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ amount: 100, note: 'नमस्ते ✓' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('content-length')).toBeNull();
    expect(await response.json()).toEqual({
      method: 'POST',
      path: '/payouts/api/echo',
      received: { amount: 100, note: 'नमस्ते ✓' },
    });
  });

  it('a GET carries no body and its encrypted answer is decrypted', async () => {
    const auth = sandboxAuth(sandbox(), payoutsLike);
    expect(await auth.client.get('api/v1/balance').json()).toEqual({
      method: 'GET',
      path: '/payouts/api/v1/balance',
      received: null,
    });
    expect(sandbox().requests('payouts').at(-1)).not.toHaveProperty('envelope');
  });

  it('after a 401 the retry replays the same encrypted body', async () => {
    const auth = sandboxAuth(sandbox(), payoutsLike);
    await auth.getToken();
    sandbox().revokeAll('payouts');
    const result = await auth.client.post('api/echo', { json: BENEFICIARY }).json();
    expect(result).toMatchObject({ received: BENEFICIARY });
    const calls = sandbox()
      .requests('payouts')
      .filter((entry) => entry.endpoint === 'api');
    expect(calls.map((entry) => entry.outcome)).toEqual(['invalid_token', 'ok']);
    expect(calls[0]?.envelope).toEqual(calls[1]?.envelope);
    expect(calls[0]?.envelope).toBeDefined();
  });

  it('after a 401 fetch replays the same encrypted body, sent from a string', async () => {
    const auth = sandboxAuth(sandbox(), payoutsLike);
    await auth.getToken();
    sandbox().revokeAll('payouts');
    const response = await auth.fetch('api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BENEFICIARY),
    });
    expect(await response.json()).toMatchObject({ received: BENEFICIARY });
    const calls = sandbox()
      .requests('payouts')
      .filter((entry) => entry.endpoint === 'api');
    expect(calls.map((entry) => entry.outcome)).toEqual(['invalid_token', 'ok']);
    expect(calls[0]?.envelope).toEqual(calls[1]?.envelope);
  });

  it('passes through what is not an envelope: plain JSON, a non-string request, text, HTML', async () => {
    const bodies: Record<string, [string, string]> = {
      '/plain': ['application/json', '{"status":502,"error":"Bad Gateway"}'],
      '/number': ['application/json', '{"request":5}'],
      '/broken': ['application/json', '<html>gateway</html>'],
      '/text': ['text/plain', '{"request":"AAAA"}'],
    };
    const origin = await replyingServer((request, response) => {
      const [type, body] = bodies[request.url ?? ''] ?? ['text/plain', 'none'];
      response.writeHead(502, { 'content-type': type });
      response.end(body);
    });
    const auth = sandboxAuth(sandbox(), payoutsLike, { trustedOrigins: [origin] });
    for (const [path, [, body]] of Object.entries(bodies)) {
      const response = await auth.fetch(`${origin}${path}`);
      expect(response.status).toBe(502);
      expect(await response.text()).toBe(body);
    }
  });

  it('seals a string body that is JSON whatever its content-type, and says application/json', async () => {
    const tap = wireTap();
    const auth = sandboxAuth(sandbox(), payoutsLike, { fetch: tap.fetch });
    const secret = sandbox().users.payouts.clientSecret;
    for (const headers of [undefined, { 'content-type': 'text/plain' }]) {
      const response = await auth.fetch('api/echo', {
        method: 'POST',
        ...(headers === undefined ? {} : { headers }),
        body: JSON.stringify(BENEFICIARY),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ received: BENEFICIARY });
      const sent = tap.wire.at(-1)?.sent ?? '';
      expect(nodeOpen(JSON.parse(sent).request, secret)).toBe(JSON.stringify(BENEFICIARY));
    }
    const contentTypes = sandbox()
      .requests('payouts')
      .filter((entry) => entry.endpoint === 'api')
      .map((entry) => entry.headers['content-type']);
    expect(contentTypes).toEqual(['application/json', 'application/json']);
    expect(JSON.stringify(tap.wire)).not.toContain('Asha');
  });

  it('seals a JSON string inside a Request, and one auth.client sends as body', async () => {
    const tap = wireTap();
    const auth = sandboxAuth(sandbox(), payoutsLike, { fetch: tap.fetch });
    const secret = sandbox().users.payouts.clientSecret;
    const body = JSON.stringify(BENEFICIARY);
    const url = `${sandbox().baseUrl('payouts')}/api/echo`;
    const answers = [
      await auth.fetch(new Request(url, { method: 'POST', body })),
      await auth.client.post('api/echo', { body }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ received: BENEFICIARY });
    }
    for (const entry of tap.wire.slice(-2)) {
      expect(nodeOpen(JSON.parse(entry.sent ?? '').request, secret)).toBe(body);
    }
    expect(JSON.stringify(tap.wire)).not.toContain('Asha');
    // Plain words in a Request still go as they are.
    const words = await auth.fetch(new Request(url, { method: 'POST', body: 'plain words' }));
    expect(words.status).toBe(400);
    expect(tap.wire.at(-1)?.sent).toBe('plain words');
  });

  it('sends a body it cannot seal (FormData, a stream of another type) as it is', async () => {
    const tap = wireTap();
    const auth = sandboxAuth(sandbox(), payoutsLike, { fetch: tap.fetch });
    const form = new FormData();
    form.set('note', '{"looks":"like json"}');
    expect((await auth.fetch('api/echo', { method: 'POST', body: form })).status).toBe(400);
    expect(tap.wire.at(-1)?.sent).toContain('{"looks":"like json"}');
    const stream = new Blob(['{"a":1}']).stream();
    const response = await auth.fetch('api/echo', {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { 'content-type': 'application/octet-stream' },
    } as RequestInit);
    expect(response.status).toBe(400);
    expect(tap.wire.at(-1)?.sent).toBe('{"a":1}');
  });

  it('sends a body of another content type as it is', async () => {
    const tap = wireTap();
    const auth = sandboxAuth(sandbox(), payoutsLike, { fetch: tap.fetch });
    const response = await auth.fetch('api/echo', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'plain words',
    });
    expect(response.status).toBe(400);
    expect(tap.wire.at(-1)?.sent).toBe('plain words');
  });

  it('a wrong key on a response is PAYLOAD, with no plaintext in the error or an event', async () => {
    const secretPlaintext = JSON.stringify({ holder: 'Zubin Confidential', cvv: '918' });
    const ciphertext = nodeSeal(secretPlaintext, 'a-key-the-client-does-not-have');
    const origin = await replyingServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ request: ciphertext }));
    });
    const auth = sandboxAuth(sandbox(), payoutsLike, { trustedOrigins: [origin] });
    const events = recordEvents(auth);
    const viaFetch = await failureOf(auth.fetch(`${origin}/api/card`));
    expect(viaFetch).toMatchObject({ code: 'PAYLOAD' });
    const client = auth.client.extend({ prefix: origin });
    const error = await failureOf(client.get('api/card').json());
    expect(error).toMatchObject({ code: 'PAYLOAD', product: 'payouts' });
    const everything = [error.message, JSON.stringify(error), inspect(error), error.stack].join();
    const seen = `${everything}${JSON.stringify(events)}`;
    for (const leak of ['Zubin', '918', ciphertext, sandbox().users.payouts.clientSecret]) {
      expect(seen).not.toContain(leak);
    }
  });

  it('encryption: false sends and returns JSON in clear', async () => {
    const tap = wireTap();
    const auth = sandboxAuth(sandbox(), payoutsLike, { encryption: false, fetch: tap.fetch });
    const response = await auth.fetch('api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(400);
    expect(tap.wire.at(-1)?.sent).toBe('{"a":1}');
  });

  it('encryption: true turns it on for a product that is off by default', async () => {
    const tap = wireTap();
    const auth = sandboxAuth(sandbox(), camelDefinition, { encryption: true, fetch: tap.fetch });
    await auth.client.post('api/echo', { json: { a: 1 } }).json();
    const secret = sandbox().users.payouts.clientSecret;
    expect(nodeOpen(JSON.parse(tap.wire.at(-1)?.sent ?? '').request, secret)).toBe('{"a":1}');
  });

  it('encryptionKey replaces clientSecret as the key', async () => {
    const tap = wireTap();
    const auth = sandboxAuth(sandbox(), payoutsLike, {
      encryptionKey: 'a-separate-payload-key',
      fetch: tap.fetch,
    });
    const response = await auth.fetch('api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    // The sandbox knows only the client secret: EnKash would refuse it too.
    expect(response.status).toBe(400);
    const sent = JSON.parse(tap.wire.at(-1)?.sent ?? '').request;
    expect(nodeOpen(sent, 'a-separate-payload-key')).toBe('{"a":1}');
  });
});

describe('product API headers (cards partnerId)', () => {
  it('sends partnerId on every client and fetch call, never on the token request', async () => {
    const auth = sandboxAuth(sandbox(), cardsLike, { partnerId: 'CR0000042' });
    expect(await auth.client.post('api/echo', { json: { load: 500 } }).json()).toMatchObject({
      received: { load: 500 },
    });
    expect((await auth.fetch('api/ping')).status).toBe(200);
    const log = sandbox().requests('cards');
    expect(log.map((entry) => [entry.endpoint, entry.headers.partnerid])).toEqual([
      ['token', undefined],
      ['api', 'CR0000042'],
      ['ping', 'CR0000042'],
    ]);
  });

  it('a partnerId set on one call wins over the option', async () => {
    const auth = sandboxAuth(sandbox(), cardsLike, { partnerId: 'CR0000042' });
    await auth.client.post('api/echo', { json: {}, headers: { partnerId: 'CR0000099' } });
    expect(sandbox().requests('cards').at(-1)?.headers.partnerid).toBe('CR0000099');
  });

  it('without partnerId the cards API answers 400, passed through', async () => {
    const auth = sandboxAuth(sandbox(), cardsLike);
    const response = await auth.fetch('api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'Bad Request' });
  });
});

describe('API options are checked at construction', () => {
  it.each([
    ['encryption', 'yes', 'option "encryption" must be a boolean.'],
    ['encryptionKey', '', 'option "encryptionKey" must be a non-empty string.'],
    ['encryptionKey', 42, 'option "encryptionKey" must be a non-empty string.'],
  ])('%s = %j is CONFIG', (name, value, message) => {
    expect(() => sandboxAuth(sandbox(), payoutsLike, { [name]: value })).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: `payouts: ${message}` }),
    );
  });

  it.each([
    [
      'CR01\r\nX-Injected: yes',
      'has a character not allowed in an HTTP header (only tab, space and visible ASCII are)',
    ],
    [
      'CR01\nX-Injected: yes',
      'has a character not allowed in an HTTP header (only tab, space and visible ASCII are)',
    ],
    [
      'CR01\u0000',
      'has a character not allowed in an HTTP header (only tab, space and visible ASCII are)',
    ],
    // Beyond Latin-1, fetch would throw a TypeError at the first call: refused now instead.
    [
      'CR01\u0100-Injected',
      'has a character not allowed in an HTTP header (only tab, space and visible ASCII are)',
    ],
    [
      'CR01😀',
      'has a character not allowed in an HTTP header (only tab, space and visible ASCII are)',
    ],
    ['', 'must be a non-empty string when given'],
    ['  ', 'must be a non-empty string when given'],
    [7, 'must be a non-empty string when given'],
  ])('partnerId %j is CONFIG, the value in no message', (value, problem) => {
    let thrown: unknown;
    try {
      sandboxAuth(sandbox(), cardsLike, { partnerId: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'CONFIG',
      message: `cards: option "partnerId" ${problem}.`,
    });
    expect(inspect(thrown)).not.toContain('Injected');
  });
});
