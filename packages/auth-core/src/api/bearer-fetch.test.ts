import { startSandbox } from '@enkash/sandbox';
import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { serveForThisTest } from '../../test-support/local-server.js';
import {
  createLeapingClock,
  inAnotherProcess,
  sandboxAuth,
  useSandbox,
} from '../../test-support/sandbox.js';
import { resolveAgainstBase } from './resolve-against-base.js';

const sandbox = useSandbox();

/** The real fetch, revoking every token just before each ping: EnKash answers 401 every time. */
function revokingFetch(): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.url.endsWith('/api/ping')) sandbox().revokeAll('payouts');
    return fetch(request);
  };
}

/**
 * A node:http server that answers 401 to every other request (the first of
 * each pair) and 200 to the next, recording each body and Authorization.
 */
async function rejectingOnceServer(): Promise<{
  origin: string;
  received: Array<{ body: string; authorization: string | undefined }>;
}> {
  const received: Array<{ body: string; authorization: string | undefined }> = [];
  const origin = await serveForThisTest(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ body, authorization: request.headers.authorization });
    response.writeHead(received.length % 2 === 1 ? 401 : 200).end();
  });
  return { origin, received };
}

describe('bearer client and fetch', () => {
  it('client attaches the bearer token and treats baseUrl as a prefix', async () => {
    for (const baseUrl of [sandbox().baseUrl('payouts'), `${sandbox().baseUrl('payouts')}/`]) {
      sandbox().reset();
      const auth = inAnotherProcess(() => sandboxAuth(sandbox(), camelDefinition, { baseUrl }));
      const response = await auth.client.get('api/ping');
      expect(response.status).toBe(200);
      expect(await auth.client.get('/api/ping').json()).toBeTruthy();
      expect(
        sandbox()
          .requests('payouts')
          .map((entry) => [entry.path, entry.outcome]),
      ).toEqual([
        ['/payouts/oauth/token', 'issued'],
        ['/payouts/api/ping', 'ok'],
        ['/payouts/api/ping', 'ok'],
      ]);
    }
  });

  it('client is built once and reused', () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    expect(auth.client).toBe(auth.client);
  });

  it('fetch attaches the bearer token to relative and absolute URLs', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    expect((await auth.fetch('api/ping')).status).toBe(200);
    expect((await auth.fetch('/api/ping')).status).toBe(200);
    expect((await auth.fetch(`${sandbox().baseUrl('payouts')}/api/ping`)).status).toBe(200);
    expect((await auth.fetch(new URL(`${sandbox().baseUrl('payouts')}/api/ping`))).status).toBe(
      200,
    );
    expect((await auth.fetch(new Request(`${sandbox().baseUrl('payouts')}/api/ping`))).status).toBe(
      200,
    );
    expect(sandbox().counters('payouts')).toMatchObject({
      tokenRequests: 1,
      pings: 5,
      pingsRejected: 0,
    });
  });

  it('refuses to send the token to an origin that is neither baseUrl nor trusted', async () => {
    const other = await startSandbox();
    try {
      const auth = sandboxAuth(sandbox(), camelDefinition);
      const elsewhere = `${other.baseUrl('payouts')}/api/ping`;
      await expect(auth.fetch(elsewhere)).rejects.toMatchObject({
        code: 'CONFIG',
        message: `payouts: refusing to send the bearer token to ${other.url}; add it to option "trustedOrigins" if it is an EnKash API host.`,
      });
      const elsewhereClient = auth.client.extend({ prefix: other.baseUrl('payouts') });
      await expect(elsewhereClient.get('api/ping')).rejects.toMatchObject({ code: 'CONFIG' });
      expect(other.counters('payouts').pings).toBe(0);
      expect(sandbox().counters('payouts').tokenRequests).toBe(0);

      const trusting = sandboxAuth(sandbox(), camelDefinition, { trustedOrigins: [other.url] });
      const response = await trusting.fetch(elsewhere);
      // The other server never issued this token: the request reached it all the same.
      expect(response.status).toBe(401);
      // 401, a fresh token, 401 again: returned to the caller as EnKash sent it.
      expect(other.counters('payouts')).toMatchObject({ pings: 2, pingsRejected: 2 });
    } finally {
      await other.close();
    }
  });

  it('after a 401, invalidates and retries once with a fresh token', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const first = await auth.getToken();
    sandbox().revokeAll('payouts');
    const response = await auth.client.get('api/ping');
    expect(response.status).toBe(200);
    const second = await auth.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(sandbox().counters('payouts')).toMatchObject({
      tokenRequests: 2,
      pings: 2,
      pingsRejected: 1,
    });
  });

  it('retries a request with a body after a 401, body intact', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    await auth.getToken();
    sandbox().revokeAll('payouts');
    const response = await auth.fetch('api/ping', { method: 'GET', headers: { 'X-Trace': 't' } });
    expect(response.status).toBe(200);
    const entries = sandbox()
      .requests('payouts')
      .filter((entry) => entry.endpoint === 'ping');
    expect(entries.map((entry) => entry.headers['x-trace'])).toEqual(['t', 't']);
  });

  it('replays every kind of body after a 401: string, bytes, form, Blob, stream, async iterable', async () => {
    const server = await rejectingOnceServer();
    // Each 401 brings a token request: a leap of a second keeps the account's pace from waiting.
    const clock = createLeapingClock();
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      trustedOrigins: [server.origin],
      clock,
    });
    const text = 'amount=100&note=caf%C3%A9';
    const bodies: Array<() => unknown> = [
      () => text,
      () => new TextEncoder().encode(text),
      () => new URLSearchParams(text),
      () => new Blob([text]),
      () => new Response(text).body,
      async function* () {
        yield new TextEncoder().encode(text.slice(0, 5));
        yield new TextEncoder().encode(text.slice(5));
      },
    ];
    for (const [index, makeBody] of bodies.entries()) {
      // Node's fetch wants `duplex` with a stream or an iterable.
      const init = { method: 'POST', body: makeBody(), duplex: 'half' } as RequestInit;
      const response = await auth.fetch(`${server.origin}/api/upload`, init);
      expect(response.status).toBe(200);
      const [first, second] = server.received.slice(2 * index);
      expect([first?.body, second?.body]).toEqual([text, text]);
      // The replay carries the fresh token.
      expect(second?.authorization).toMatch(/^Bearer /);
      expect(second?.authorization).not.toBe(first?.authorization);
      clock.leap(1_000);
    }
  });

  it("sends a Request of the caller with the token, leaving the caller's own Request untouched", async () => {
    const server = await rejectingOnceServer();
    const auth = sandboxAuth(sandbox(), camelDefinition, { trustedOrigins: [server.origin] });
    const request = new Request(`${server.origin}/api/upload`, {
      method: 'PUT',
      headers: { 'X-Trace': 't' },
      body: 'the body',
    });
    expect((await auth.fetch(request)).status).toBe(200);
    expect(server.received.map((entry) => entry.body)).toEqual(['the body', 'the body']);
    expect(request.headers.has('authorization')).toBe(false);
    expect(request.headers.get('x-trace')).toBe('t');
  });

  it('returns a second 401 to the caller', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { fetch: revokingFetch() });
    const viaFetch = await auth.fetch('api/ping');
    expect(viaFetch.status).toBe(401);
    expect(sandbox().counters('payouts')).toMatchObject({
      tokenRequests: 2,
      pings: 2,
      pingsRejected: 2,
    });
    await expect(auth.client.get('api/ping')).rejects.toMatchObject({
      name: 'HTTPError',
      response: { status: 401 },
    });
  });

  it('shares one refresh among concurrent requests that all hit 401', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    await auth.getToken();
    sandbox().revokeAll('payouts');
    const responses = await Promise.all(Array.from({ length: 10 }, () => auth.fetch('api/ping')));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('passes token errors on to the caller of fetch', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-14' });
    await expect(auth.fetch('api/ping')).rejects.toMatchObject({ code: 'REJECTED' });
    expect(sandbox().counters('payouts').pings).toBe(0);
  });
});

describe('resolveAgainstBase', () => {
  it('joins relative strings to the prefix with exactly one slash', () => {
    expect(resolveAgainstBase('https://x.in/payouts', 'api/ping')).toBe(
      'https://x.in/payouts/api/ping',
    );
    expect(resolveAgainstBase('https://x.in/payouts', '//api/ping')).toBe(
      'https://x.in/payouts/api/ping',
    );
  });

  it('leaves absolute URLs, URL objects and Requests alone', () => {
    expect(resolveAgainstBase('https://x.in/payouts', 'https://pay.enkash.in/card')).toBe(
      'https://pay.enkash.in/card',
    );
    const url = new URL('https://pay.enkash.in');
    expect(resolveAgainstBase('https://x.in', url)).toBe(url);
  });
});
