import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { type HTTPError, isHTTPError } from 'ky';
import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { hostileAuth, useHostileServer } from '../../test-support/hostile-auth.js';
import { replyingServer, serveForThisTest } from '../../test-support/local-server.js';
import { nodeSeal } from '../../test-support/node-cipher.js';
import { sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import type { ProductDefinition } from '../product/product-definition.js';

const sandbox = useSandbox();
const hostile = useHostileServer();

const payoutsLike: ProductDefinition = { ...camelDefinition, encryptsPayloads: true };

/** An auth of an encrypting product whose token comes from the sandbox and may call `origin`. */
function encryptingAuth(origin: string) {
  return sandboxAuth(sandbox(), payoutsLike, { trustedOrigins: [origin] });
}

const secret = () => sandbox().users.payouts.clientSecret;

describe('responses of an encrypting product: opened when enveloped, else passed through', () => {
  it('passes a large JSON body through byte for byte, with status, status text and headers', async () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => ({ id: index, note: 'ünïcode ✓' }));
    const bodies: Record<string, string> = {
      // Not a word of the envelope's key anywhere.
      '/object': JSON.stringify({ rows }),
      // Says "request" (as a value), so it is parsed, and still is no envelope.
      '/mentions': JSON.stringify({ rows, kind: 'request', request: { id: 1 } }),
      // Enveloped rows inside an array are no envelope.
      '/array': JSON.stringify([{ request: nodeSeal('{}', secret()) }, ...rows]),
    };
    const origin = await replyingServer((request, response) => {
      const body = bodies[request.url ?? ''] ?? '';
      response.writeHead(207, 'Partly Fine', {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        'x-trace': 'trace-7',
      });
      response.end(body);
    });
    const auth = encryptingAuth(origin);
    for (const [path, body] of Object.entries(bodies)) {
      const response = await auth.fetch(`${origin}${path}`);
      expect(response.status).toBe(207);
      expect(response.statusText).toBe('Partly Fine');
      expect(response.headers.get('x-trace')).toBe('trace-7');
      expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(body))).toBe(true);
    }
  });

  it('decrypts an envelope that arrives in chunks split inside the key and the ciphertext', async () => {
    const sealed = nodeSeal(JSON.stringify({ balance: 125_000, currency: 'INR' }), secret());
    const envelope = `{"request": "${sealed}"}`;
    const cuts = [3, 8, 14, 20, envelope.length - 2];
    const origin = await replyingServer(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      let from = 0;
      for (const cut of cuts) {
        response.write(envelope.slice(from, cut));
        from = cut;
        // Separate writes reach the client as separate reads.
        await sleep(5);
      }
      response.end(envelope.slice(from));
    });
    const response = await encryptingAuth(origin).fetch(`${origin}/api/balance`);
    expect(await response.json()).toEqual({ balance: 125_000, currency: 'INR' });
  });

  it('decrypts an envelope with whitespace around it, or with its key spelled in escapes', async () => {
    const sealed = nodeSeal(JSON.stringify({ ok: 'opened' }), secret());
    const bodies: Record<string, string> = {
      '/spaced': ` \r\n\t{ "request" : "${sealed}" }\n`,
      '/escaped': `{"\\u0072eq\\u0075est":"${sealed}"}`,
    };
    const origin = await replyingServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(bodies[request.url ?? '']);
    });
    const auth = encryptingAuth(origin);
    for (const path of Object.keys(bodies)) {
      const response = await auth.fetch(`${origin}${path}`);
      expect(await response.json()).toEqual({ ok: 'opened' });
    }
  });

  it('passes through bodies that start like an envelope but are not one', async () => {
    const sealed = nodeSeal(JSON.stringify({ never: 'opened' }), secret());
    const bodies: Record<string, string> = {
      '/truncated': `{"request":"${sealed.slice(0, 10)}`,
      '/trailing': `{"request":"${sealed}"} and more`,
      '/byte-order-mark-twice': `\uFEFF\uFEFF{"request":"${sealed}"}`,
      '/request-is-null': '{"request":null}',
    };
    const origin = await replyingServer((request, response) => {
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(bodies[request.url ?? '']);
    });
    const auth = encryptingAuth(origin);
    for (const [path, body] of Object.entries(bodies)) {
      const response = await auth.fetch(`${origin}${path}`);
      expect(response.status).toBe(502);
      // Bytes, not text(): text() would drop a byte order mark.
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(body))).toBe(true);
    }
  });

  it('hands back a JSON answer without a body (204, HEAD) as it is', async () => {
    const origin = await replyingServer((request, response) => {
      response.writeHead(request.method === 'HEAD' ? 200 : 204, {
        'content-type': 'application/json',
        'x-trace': 'no-body',
      });
      response.end();
    });
    const auth = encryptingAuth(origin);
    const empty = await auth.fetch(`${origin}/api/delete`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.headers.get('x-trace')).toBe('no-body');
    expect(await empty.text()).toBe('');
    const head = await auth.fetch(`${origin}/api/ping`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it('drops Content-Encoding from a gzip answer it rebuilds, so the response forwards intact', async () => {
    const opened = JSON.stringify({ balance: 125_000, currency: 'INR' });
    const plain = JSON.stringify({ rows: [1, 2, 3], note: 'no envelope here' });
    const bodies: Record<string, string> = {
      '/sealed': JSON.stringify({ request: nodeSeal(opened, secret()) }),
      '/plain': plain,
    };
    const origin = await replyingServer((request, response) => {
      const zipped = gzipSync(bodies[request.url ?? ''] ?? '');
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(zipped.length),
      });
      response.end(zipped);
    });
    const auth = encryptingAuth(origin);
    // A proxy in front of EnKash: it hands the SDK's response on as it got it.
    const proxy = await serveForThisTest(async (request, response) => {
      const answer = await auth.fetch(`${origin}${request.url}`);
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
    for (const [path, expected] of [
      ['/sealed', opened],
      ['/plain', plain],
    ] as const) {
      const forwarded = await fetch(`${proxy}${path}`);
      expect(forwarded.headers.get('content-encoding')).toBeNull();
      expect(await forwarded.text()).toBe(expected);
    }
  });
});

describe('envelopes keep what EnKash said', () => {
  it('keeps the fields beside request, with request holding the decrypted value', async () => {
    const sealed = nodeSeal(JSON.stringify({ transferId: 'T-77', amount: 100 }), secret());
    const body = JSON.stringify({
      request: sealed,
      status: 'FAILED',
      message: 'Insufficient balance',
    });
    const origin = await replyingServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    });
    const auth = encryptingAuth(origin);
    const expected = {
      request: { transferId: 'T-77', amount: 100 },
      status: 'FAILED',
      message: 'Insufficient balance',
    };
    expect(await (await auth.fetch(`${origin}/api/transfer`)).json()).toEqual(expected);
    expect(await auth.client.extend({ prefix: origin }).get('api/transfer').json()).toEqual(
      expected,
    );
  });

  it('passes a non-2xx answer whose request field is no ciphertext through with its status, never PAYLOAD', async () => {
    const body = JSON.stringify({
      timestamp: '2026-01-01T00:00:00Z',
      status: 400,
      error: 'Bad Request',
      request: 'POST /payouts/api/v1/transfer',
    });
    const origin = await replyingServer((_request, response) => {
      response.writeHead(400, 'Bad Request', { 'content-type': 'application/json' });
      response.end(body);
    });
    const auth = encryptingAuth(origin);
    const response = await auth.fetch(`${origin}/api/v1/transfer`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(body);
    const thrown = await auth.client
      .extend({ prefix: origin })
      .post('api/v1/transfer')
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(isHTTPError(thrown)).toBe(true);
    expect((thrown as HTTPError).response.status).toBe(400);
    expect((thrown as HTTPError).data).toEqual(JSON.parse(body));
  });

  it('still refuses a 2xx answer whose request field cannot be decrypted with PAYLOAD', async () => {
    const origin = await replyingServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"request":"not-a-ciphertext"}');
    });
    const error = await failureOf(encryptingAuth(origin).fetch(`${origin}/api/x`));
    expect(error.code).toBe('PAYLOAD');
  });
});

describe('the origin check of bearer calls', () => {
  it('refuses a URL that starts with the text of a path-less baseUrl but names another host', async () => {
    const server = hostile();
    const auth = hostileAuth(server, { baseUrl: server.origin });
    // The baseUrl's host and port become the user name and password of another origin.
    const elsewhere = `${server.origin}@localhost:${new URL(server.origin).port}/api/ping`;
    await expect(auth.fetch(elsewhere)).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(auth.fetch(new URL(elsewhere))).rejects.toMatchObject({ code: 'CONFIG' });
    expect(server.requests).toHaveLength(0);
    // Relative, absolute and URL forms under baseUrl carry the token.
    for (const input of [
      'api/ping',
      `${server.origin}/api/ping`,
      new URL('/api/ping', server.origin),
    ]) {
      expect((await auth.fetch(input)).status).toBe(200);
    }
    const calls = server.requests.filter((request) => request.path === '/api/ping');
    expect(calls.map((request) => request.headers.authorization)).toEqual([
      'Bearer hostile-token-0001',
      'Bearer hostile-token-0001',
      'Bearer hostile-token-0001',
    ]);
  });
});

describe('a Request without a body, as client sends for a GET', () => {
  /** A server that answers 401 to its first request and 200 to the rest, recording what came. */
  async function rejectingFirst() {
    const received: Array<{ method: string; headers: IncomingMessage['headers'] }> = [];
    const origin = await replyingServer((request, response) => {
      received.push({ method: request.method ?? '', headers: request.headers });
      response.writeHead(received.length === 1 ? 401 : 200, { 'content-type': 'text/plain' });
      response.end('answer');
    });
    return { origin, received };
  }

  it('goes out with its method and headers, is replayed after a 401, and stays untouched', async () => {
    const { origin, received } = await rejectingFirst();
    const auth = sandboxAuth(sandbox(), camelDefinition, { trustedOrigins: [origin] });
    const request = new Request(`${origin}/api/items`, {
      method: 'DELETE',
      headers: { 'X-Trace': 't-1' },
    });
    const response = await auth.fetch(request);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('answer');
    expect(received.map((entry) => [entry.method, entry.headers['x-trace']])).toEqual([
      ['DELETE', 't-1'],
      ['DELETE', 't-1'],
    ]);
    const [first, second] = received.map((entry) => entry.headers.authorization);
    expect(first).toMatch(/^Bearer /);
    expect(second).toMatch(/^Bearer /);
    expect(second).not.toBe(first);
    expect(request.headers.has('authorization')).toBe(false);
    expect(request.bodyUsed).toBe(false);
  });

  it('takes the headers of init instead of its own, as new Request(request, init) would', async () => {
    const { origin, received } = await rejectingFirst();
    const auth = sandboxAuth(sandbox(), camelDefinition, { trustedOrigins: [origin] });
    const request = new Request(`${origin}/api/items`, { headers: { 'X-Trace': 'own' } });
    await auth.fetch(request, { headers: { 'X-Other': 'given' } });
    expect(received.map((entry) => [entry.headers['x-trace'], entry.headers['x-other']])).toEqual([
      [undefined, 'given'],
      [undefined, 'given'],
    ]);
  });

  it("is aborted by its own signal, and its origin is checked like a string's", async () => {
    const controller = new AbortController();
    const received: string[] = [];
    const origin = await replyingServer((request) => {
      received.push(request.url ?? '');
      // No answer: the caller's signal ends the wait.
      controller.abort();
    });
    const auth = sandboxAuth(sandbox(), camelDefinition);
    await expect(auth.fetch(new Request(`${origin}/api/items`))).rejects.toMatchObject({
      code: 'CONFIG',
    });
    const trusting = sandboxAuth(sandbox(), camelDefinition, { trustedOrigins: [origin] });
    const early = new Request(`${origin}/api/early`, { signal: AbortSignal.abort() });
    await expect(trusting.fetch(early)).rejects.toMatchObject({ code: 'ABORTED' });
    const late = new Request(`${origin}/api/late`, { signal: controller.signal });
    await expect(trusting.fetch(late)).rejects.toMatchObject({ name: 'AbortError' });
    expect(received).toEqual(['/api/late']);
  });
});
