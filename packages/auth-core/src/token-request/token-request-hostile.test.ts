import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { camelDefinition, resultCodeDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import {
  HOSTILE_CREDENTIALS,
  hostileAuth,
  hostileOptions,
  useHostileServer,
} from '../../test-support/hostile-auth.js';
import {
  answer,
  answerToken,
  gzipBomb,
  type HostileBehaviour,
  rawBytes,
  redirect,
  stallBody,
  startHostileServer,
  streamBody,
} from '../../test-support/hostile-server.js';
import { createManualClock, nextEvent, recordEvents } from '../../test-support/sandbox.js';
import { createAuth } from '../create-auth.js';
import type { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { TOKEN_RESPONSE_BYTE_LIMIT } from './token-request.js';

const server = useHostileServer();
const MiB = 1024 * 1024;

/** Every spelling of a value a server might echo: raw, URL- and form-encoded, base64 and base64url. */
function spellings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
  ];
}

/** Every secret of {@link HOSTILE_CREDENTIALS}, in every spelling, Basic pair included. */
function credentialSpellings(): string[] {
  const { clientId, clientSecret, username, password } = HOSTILE_CREDENTIALS;
  return [
    ...spellings(password),
    ...spellings(clientSecret),
    ...spellings(`${clientId}:${clientSecret}`).slice(3),
    ...spellings(`${username}:${password}`).slice(3),
  ];
}

/** The error and each link of its cause chain, every way they are commonly turned into text. */
function renderingsWithCauses(error: unknown): string[] {
  const texts: string[] = [];
  let link: unknown = error;
  for (let depth = 0; link !== undefined && link !== null && depth < 10; depth += 1) {
    texts.push(
      String(link),
      inspect(link, { depth: 20 }),
      inspect(link, { depth: 20, showHidden: true, customInspect: false }),
      JSON.stringify(link),
      JSON.stringify(link, Object.getOwnPropertyNames(link)),
    );
    link = (link as { cause?: unknown }).cause;
  }
  return texts;
}

function expectNone(texts: readonly string[], needles: readonly string[]): void {
  for (const text of texts) {
    for (const needle of needles) {
      expect(text, `found ${needle.slice(0, 4)}… in ${text.slice(0, 120)}`).not.toContain(needle);
    }
  }
}

describe('a stalled body', () => {
  it('times out as TIMEOUT, and the next call after the server recovers gets a token', async () => {
    server().enqueue(stallBody(), stallBody());
    const auth = hostileAuth(server(), { timeoutMs: 300, retries: 1 });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('TIMEOUT');
    expect(server().requests).toHaveLength(2);
    // The single-flight promise settled: a later caller starts a new request.
    await expect(auth.getToken()).resolves.toMatchObject({ accessToken: 'hostile-token-0001' });
    expect(server().requests).toHaveLength(3);
  });

  it('lets forceRefresh through once a stalled request timed out', async () => {
    server().enqueue(stallBody());
    const auth = hostileAuth(server(), { timeoutMs: 300, retries: 0 });
    expect((await failureOf(auth.getToken())).code).toBe('TIMEOUT');
    await expect(auth.getToken({ forceRefresh: true })).resolves.toMatchObject({
      accessToken: 'hostile-token-0001',
    });
  });
});

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])(
    'answers HTTP %i with an HTTP error, not retried, and sends nothing to the target',
    async (status) => {
      const target = await startHostileServer();
      try {
        server().enqueue(redirect(status, `${target.origin}/steal/oauth/token`));
        const auth = hostileAuth(server(), { headers: { 'X-Tenant': 'tenant-header-secret' } });
        const error = await failureOf(auth.getToken());
        expect(error.code).toBe('HTTP');
        expect(error.status).toBe(status);
        expect(error.message).toBe(
          `EnKash payouts answered the token request with a redirect (HTTP ${status}); the SDK never follows one. Check baseUrl.`,
        );
        expect(server().requests).toHaveLength(1);
        expect(target.requests).toHaveLength(0);
      } finally {
        await target.close();
      }
    },
  );

  it('never forwards the expense API key, nor accepts the other origin token', async () => {
    const target = await startHostileServer();
    try {
      target.fallback = answerToken('token-from-elsewhere');
      server().enqueue(redirect(302, `${target.origin}/expense/oauth/token`));
      const auth = createAuth(
        resultCodeDefinition,
        hostileOptions(server(), { apiKey: 'api-key-secret-1234' }),
      );
      expect((await failureOf(auth.getToken())).code).toBe('HTTP');
      expect(target.requests).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it('refuses the token when a custom fetch followed the redirect anyway', async () => {
    const target = await startHostileServer();
    try {
      target.fallback = answerToken('token-from-elsewhere');
      server().enqueue(redirect(302, `${target.origin}/steal/oauth/token`));
      // A fetch that drops the SDK's redirect: 'manual', as a careless wrapper might.
      const following: typeof fetch = (input, init) =>
        globalThis.fetch(input, { ...init, redirect: 'follow' });
      const auth = hostileAuth(server(), { fetch: following, retries: 2 });
      const error = await failureOf(auth.getToken());
      expect(error.code).toBe('HTTP');
      expect(error.status).toBeUndefined();
      expect(error.message).toBe(
        "EnKash payouts answered the token request with a redirect that the custom fetch followed (it must honour redirect: 'manual'); the SDK never follows one, nor uses what the target answered. Check baseUrl.",
      );
      expect(target.requests).toHaveLength(1);
      // Not retried, and counted by the guard like any answer that is not a token.
      expect(server().requests).toHaveLength(1);
      expect(auth.status()).toMatchObject({ token: 'none', consecutiveFailures: 1 });
    } finally {
      await target.close();
    }
  });
});

describe('unbounded bodies', () => {
  it(`stops reading a streamed body past ${TOKEN_RESPONSE_BYTE_LIMIT} bytes: INVALID_RESPONSE, not retried`, async () => {
    let ended: { sent: number; clientHungUp: boolean } | undefined;
    const hungUp = new Promise<void>((resolve) => {
      server().enqueue(
        streamBody(64 * MiB, (result) => {
          ended = result;
          resolve();
        }),
      );
    });
    const auth = hostileAuth(server());
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toBe(
      'EnKash payouts sent a token response larger than 1048576 bytes; a token response is a few KB. Check baseUrl points at the EnKash API.',
    );
    expect(server().requests).toHaveLength(1);
    await hungUp;
    expect(ended?.clientHungUp).toBe(true);
    expect(ended?.sent).toBeLessThan(64 * MiB);
  });

  it('caps the decoded bytes of a gzip body, not the bytes on the wire', async () => {
    server().enqueue(gzipBomb(64 * MiB));
    const auth = hostileAuth(server());
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(server().requests).toHaveLength(1);
  });

  it('refuses a declared Content-Length over the cap without reading it', async () => {
    server().enqueue((socket) => {
      socket.write(
        'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{',
      );
    });
    const auth = hostileAuth(server(), { timeoutMs: 60_000 });
    expect((await failureOf(auth.getToken())).code).toBe('INVALID_RESPONSE');
  });

  it('still reads a body of exactly the cap', async () => {
    const token = JSON.stringify({ accessToken: 'at-the-cap', tokenType: 'bearer', expiresIn: 60 });
    server().enqueue(answer(200, token.padEnd(TOKEN_RESPONSE_BYTE_LIMIT, ' ')));
    await expect(hostileAuth(server()).getToken()).resolves.toMatchObject({
      accessToken: 'at-the-cap',
    });
  });
});

describe('header safety', () => {
  it.each([
    ['CR LF', 'abc\r\nX-Injected: yes'],
    ['LF', 'abc\ndef'],
    ['NUL', 'abc\u0000def'],
    ['a space', 'abc def'],
    ['non-ASCII', 'tökén-value'],
    ['DEL', 'abc\u007fdef'],
  ])(
    'refuses a token containing %s as INVALID_RESPONSE and never caches it',
    async (_name, bad) => {
      server().enqueue(answerToken(bad), answerToken('good-token-after'));
      const auth = hostileAuth(server());
      const error = await failureOf(auth.getAuthorizationHeader());
      expect(error.code).toBe('INVALID_RESPONSE');
      expect(error.message).toBe(
        'EnKash payouts sent a token response the SDK cannot use: accessToken (expected visible ASCII without spaces, as a header carries it).',
      );
      expectNone(renderingsWithCauses(error), [bad]);
      await expect(auth.getAuthorizationHeader()).resolves.toBe('Bearer good-token-after');
      expect(server().requests).toHaveLength(2);
    },
  );

  it('accepts every visible ASCII character in a token', async () => {
    let visible = '';
    for (let code = 0x21; code <= 0x7e; code += 1) visible += String.fromCharCode(code);
    server().enqueue(answerToken(visible));
    await expect(hostileAuth(server()).getAuthorizationHeader()).resolves.toBe(`Bearer ${visible}`);
  });

  it.each([
    ['cookie', { cookie: 'a=1\r\nX-Injected: yes' }],
    ['cookie', { cookie: 'a=1\u0000b' }],
    ['apiKey', { apiKey: 'key\nsecret-tail' }],
    ['headers', { headers: { 'X-Trace': 'value\r\nsecret-tail' } }],
    ['headers', { headers: { 'X-Trace': 'välue-ü-€' } }],
  ])('refuses a %s value that is no valid header value as CONFIG at construction', (name, bad) => {
    const definition = name === 'apiKey' ? resultCodeDefinition : camelDefinition;
    const optionHeaders = name === 'cookie' ? { optionHeaders: { cookie: 'Cookie' } } : {};
    let thrown: unknown;
    try {
      createAuth({ ...definition, ...optionHeaders }, hostileOptions(server(), bad));
    } catch (error) {
      thrown = error;
    }
    const error = thrown as EnkashAuthError;
    expect(error.code).toBe('CONFIG');
    expect(error.message).toMatch(/not allowed in an HTTP header/);
    const value = JSON.stringify(bad).slice(1, -1);
    expectNone(renderingsWithCauses(error), ['secret-tail', 'X-Injected', 'välue', value]);
    expect(server().requests).toHaveLength(0);
  });
});

describe('baseUrl', () => {
  it.each(['?', '#', '?#'])('refuses a baseUrl ending in a bare %s as CONFIG', (ending) => {
    let thrown: unknown;
    try {
      hostileAuth(server(), { baseUrl: `${server().origin}/payouts${ending}` });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'CONFIG',
      message: 'payouts: option "baseUrl" must not contain a query or fragment.',
    });
  });
});

describe('nothing off the wire in an error cause', () => {
  it('keeps only the name, code and message of a malformed response error', async () => {
    const token = 'raw-wire-token-7731-abcdef';
    const body = JSON.stringify({ accessToken: token, tokenType: 'bearer', expiresIn: 3600 });
    server().fallback = rawBytes(
      `HTTP/1.1 2OO OK\r\nContent-Type: application/json\r\n\r\n${body}`,
    );
    const auth = hostileAuth(server(), { retries: 0 });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('NETWORK');
    expectNone(renderingsWithCauses(error), [token, 'raw-wire', '2OO OK']);
    let link: unknown = error.cause;
    expect(link).toBeInstanceOf(Error);
    while (link !== undefined) {
      expect(Object.keys(link as object).filter((key) => key !== 'code')).toEqual([]);
      link = (link as { cause?: unknown }).cause;
    }
  });

  it('keeps the name and message of a custom fetch error, not the object', async () => {
    const failure = Object.assign(new Error('proxy refused'), {
      code: 'E_PROXY',
      request: { headers: { authorization: 'Basic c2VjcmV0' } },
    });
    const auth = hostileAuth(server(), {
      retries: 0,
      fetch: async () => {
        throw failure;
      },
    });
    const error = await failureOf(auth.getToken());
    expect(error.cause).not.toBe(failure);
    expect(error.cause).toMatchObject({ name: 'Error', message: 'proxy refused', code: 'E_PROXY' });
    expect(error.cause).not.toHaveProperty('request');
  });
});

describe('redaction', () => {
  it('redacts an echoed password that crosses the 200-character cut', async () => {
    const { password } = HOSTILE_CREDENTIALS;
    server().enqueue(
      answer(
        401,
        JSON.stringify({
          error: 'invalid_grant',
          error_description: `${'x'.repeat(195)}${password}`,
        }),
      ),
    );
    const error = await failureOf(hostileAuth(server()).getToken());
    expect(error.code).toBe('REJECTED');
    expect(error.details?.error_description).toBe(`${'x'.repeat(195)}[reda…`);
    expectNone(renderingsWithCauses(error), [password.slice(0, 5)]);
  });

  it('redacts URL-encoded, form-encoded and base64 spellings of every secret', async () => {
    const echoes = credentialSpellings();
    server().enqueue(
      answer(
        401,
        JSON.stringify({
          error: echoes.slice(0, 4).join(' '),
          error_description: echoes.slice(4, 12).join(' '),
          resultMessage: echoes.slice(12).join(' '),
        }),
      ),
    );
    const auth = hostileAuth(server());
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('REJECTED');
    expect(error.details?.error).toContain('[redacted]');
    expectNone(renderingsWithCauses(error), echoes);
  });

  it('redacts a held access token echoed in a rejection and in refresh-error', async () => {
    const clock = createManualClock();
    const held = 'held-access-token-5f3c2a';
    server().enqueue(answerToken(held, 3600));
    const auth = hostileAuth(server(), { clock, retries: 0 });
    const events = recordEvents(auth);
    await auth.getToken();
    const echo = answer(
      401,
      JSON.stringify({
        error: 'invalid_token',
        error_description: `token ${held} / ${encodeURIComponent(held)} / ${Buffer.from(held).toString('base64')}`,
      }),
    );
    // A background refresh inside the refresh window, then a forced one.
    server().enqueue(echo, echo);
    clock.advance(3_570_000);
    const refreshError = nextEvent(auth, 'refresh-error');
    await auth.getToken();
    await refreshError;
    const error = await failureOf(auth.getToken({ forceRefresh: true }));
    expect(error.code).toBe('REJECTED');
    expect(error.details?.error_description).toContain('[redacted]');
    const needles = [held, ...spellings(held).slice(1)];
    expectNone([...renderingsWithCauses(error), JSON.stringify(events)], needles);
    expect(events.some((event) => event.event === 'refresh-error')).toBe(true);
  });
});

describe('redaction at any size, and error handling that never counts', () => {
  it('ends connection resets in NETWORK with a 1 MiB client secret: never counted, no spelling of it anywhere', async () => {
    const clientSecret = `long-secret-${'Qx81/+é'.repeat(MiB / 7)}`;
    const { clientId } = HOSTILE_CREDENTIALS;
    const reset: HostileBehaviour = (socket) => socket.resetAndDestroy();
    server().enqueue(reset, reset, reset);
    const auth = hostileAuth(server(), { clientSecret, retries: 0 });
    const needles = [
      ...spellings(clientSecret),
      ...spellings(`${clientId}:${clientSecret}`).slice(3),
    ];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const error = await failureOf(auth.getToken());
      expect(error.code).toBe('NETWORK');
      const texts = renderingsWithCauses(error);
      expect(texts.join('').length).toBeLessThan(20_000);
      expectNone(texts, [
        ...needles.map((needle) => needle.slice(0, 60)),
        HOSTILE_CREDENTIALS.password,
      ]);
    }
    expect(auth.status()).toMatchObject({ consecutiveFailures: 0, guardTripped: false });
    await expect(auth.getToken()).resolves.toMatchObject({ accessToken: 'hostile-token-0001' });
  });

  it('counts no failure when describing the transport error itself fails', async () => {
    const unreadable = new Error('placeholder');
    Object.defineProperty(unreadable, 'message', {
      get(): string {
        throw new Error(`a getter that quotes ${HOSTILE_CREDENTIALS.password}`);
      },
    });
    const auth = hostileAuth(server(), {
      retries: 0,
      fetch: async () => {
        throw unreadable;
      },
    });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const error = await failureOf(auth.getToken());
      expect(error.code).toBe('NETWORK');
      expectNone(renderingsWithCauses(error), [HOSTILE_CREDENTIALS.password]);
    }
    expect(auth.status()).toMatchObject({ consecutiveFailures: 0, guardTripped: false });
  });
});
