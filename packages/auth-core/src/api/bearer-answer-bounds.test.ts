import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { useHostileServer } from '../../test-support/hostile-auth.js';
import {
  answer,
  type HostileBehaviour,
  stallBody,
  streamBody,
} from '../../test-support/hostile-server.js';
import { nodeSeal } from '../../test-support/node-cipher.js';
import { sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import type { EnkashAuth } from '../enkash-auth.js';
import type { ProductDefinition } from '../product/product-definition.js';

const sandbox = useSandbox();
const hostile = useHostileServer();

const encrypting: ProductDefinition = { ...camelDefinition, encryptsPayloads: true };
const KiB = 1024;

/** An auth whose token comes from the sandbox and whose API calls may go to the hostile server. */
function authFor(definition: ProductDefinition, options: Record<string, unknown> = {}): EnkashAuth {
  return sandboxAuth(sandbox(), definition, {
    trustedOrigins: [hostile().origin],
    apiTimeoutMs: 300,
    ...options,
  });
}

/** Headers, then nothing at all: the response never starts. */
const silence: HostileBehaviour = () => undefined;

describe('API answers are bounded in time', () => {
  it('ends a JSON answer that stalls after its headers in TIMEOUT on an encrypting product', async () => {
    hostile().enqueue(stallBody());
    const error = await failureOf(authFor(encrypting).fetch(`${hostile().origin}/api/stall`));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('apiTimeoutMs');
  });

  it('resolves at the headers of the same answer on a product that does not encrypt, as fetch does', async () => {
    hostile().enqueue(stallBody());
    const response = await authFor(camelDefinition).fetch(`${hostile().origin}/api/stall`);
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it.each([
    ['an encrypting product', encrypting],
    ['a product that does not encrypt', camelDefinition],
  ])(
    'ends in TIMEOUT when the headers never come, through fetch and client, on %s',
    async (_name, definition) => {
      hostile().enqueue(silence, silence);
      const auth = authFor(definition);
      const fetched = await failureOf(auth.fetch(`${hostile().origin}/api/silent`));
      expect(fetched.code).toBe('TIMEOUT');
      const client = auth.client.extend({ prefix: hostile().origin });
      const viaClient = await failureOf(client.get('api/silent').json());
      expect(viaClient.code).toBe('TIMEOUT');
    },
  );

  it("ends the client's read of a stalled body in TIMEOUT: ky's own timeout follows apiTimeoutMs", async () => {
    hostile().enqueue(stallBody());
    const auth = authFor(camelDefinition);
    const client = auth.client.extend({ prefix: hostile().origin });
    const error = await failureOf(client.get('api/stall').json());
    expect(error.code).toBe('TIMEOUT');
  });
});

describe('a custom fetch that ignores its signal', () => {
  it('is bounded all the same: headers that never come, and a body that never ends', async () => {
    const never = new Promise<Response>(() => undefined);
    const endless = () =>
      new Response(new ReadableStream({ pull: () => new Promise<void>(() => undefined) }), {
        headers: { 'content-type': 'application/json' },
      });
    for (const answerOf of [() => never, endless]) {
      const auth = sandboxAuth(sandbox(), encrypting, {
        apiTimeoutMs: 200,
        // The token request goes out as usual; the API call is answered by the stub.
        fetch: async (input, init) =>
          String(input instanceof Request ? input.url : input).endsWith('/oauth/token')
            ? fetch(input, init)
            : answerOf(),
      });
      expect((await failureOf(auth.fetch('api/stuck'))).code).toBe('TIMEOUT');
    }
  });
});

describe('API answers are bounded in bytes', () => {
  it('ends an endless JSON body in PAYLOAD once maxResponseBytes are read, and hangs up', async () => {
    let outcome: { sent: number; clientHungUp: boolean } | undefined;
    hostile().enqueue(
      streamBody(64 * 1024 * KiB, (result) => {
        outcome = result;
      }),
    );
    const auth = authFor(encrypting, { maxResponseBytes: 256 * KiB, apiTimeoutMs: 10_000 });
    const error = await failureOf(auth.fetch(`${hostile().origin}/api/endless`));
    expect(error.code).toBe('PAYLOAD');
    expect(error.message).toContain('maxResponseBytes');
    await expect.poll(() => outcome?.clientHungUp).toBe(true);
    // What the socket buffers on both sides comes on top of what the SDK read.
    expect(outcome?.sent).toBeLessThan(16 * 1024 * KiB);
  });

  it('reads 16 MiB by default: a JSON object answer of 24 MiB is PAYLOAD', async () => {
    let outcome: { sent: number; clientHungUp: boolean } | undefined;
    hostile().enqueue(
      streamBody(24 * 1024 * KiB, (result) => {
        outcome = result;
      }),
    );
    const auth = sandboxAuth(sandbox(), encrypting, { trustedOrigins: [hostile().origin] });
    const error = await failureOf(auth.fetch(`${hostile().origin}/api/large`));
    expect(error).toMatchObject({ code: 'PAYLOAD', message: expect.stringContaining('16777216') });
    await expect.poll(() => outcome?.clientHungUp).toBe(true);
  });

  it('refuses a declared Content-Length over maxResponseBytes without reading the body', async () => {
    hostile().enqueue(answer(200, `{"rows":"${'x'.repeat(8 * KiB)}"}`));
    const auth = authFor(encrypting, { maxResponseBytes: 4 * KiB });
    const error = await failureOf(auth.fetch(`${hostile().origin}/api/large`));
    expect(error.code).toBe('PAYLOAD');
  });

  it('hands an answer that is no JSON object on as it streams, holding none of it', async () => {
    hostile().enqueue((socket) => {
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
      );
      socket.write('3\r\n[1,\r\n');
      // Then nothing more: the caller has the first bytes already.
    });
    const auth = authFor(encrypting, { maxResponseBytes: 1 });
    const response = await auth.fetch(`${hostile().origin}/api/array`);
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe('[1,');
    await reader.cancel();
  });

  it('still opens an envelope of exactly maxResponseBytes', async () => {
    const envelope = JSON.stringify({
      request: nodeSeal('{"ok":true}', sandbox().users.payouts.clientSecret),
    });
    hostile().enqueue(answer(200, envelope));
    const auth = authFor(encrypting, { maxResponseBytes: envelope.length });
    expect(await (await auth.fetch(`${hostile().origin}/api/exact`)).json()).toEqual({ ok: true });
  });
});

describe('the API options', () => {
  it.each([
    ['apiTimeoutMs', 0],
    ['apiTimeoutMs', 1.5],
    ['apiTimeoutMs', '30000'],
    ['apiTimeoutMs', 2 ** 31],
    ['maxResponseBytes', 0],
    ['maxResponseBytes', Number.POSITIVE_INFINITY],
  ])('refuses %s %s with CONFIG at construction', (name, value) => {
    expect(() => authFor(camelDefinition, { [name]: value })).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: expect.stringContaining(`"${name}"`) }),
    );
  });
});
