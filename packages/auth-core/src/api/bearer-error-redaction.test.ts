import { inspect } from 'node:util';
import { isHTTPError } from 'ky';
import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { useHostileServer } from '../../test-support/hostile-auth.js';
import { rawBytes } from '../../test-support/hostile-server.js';
import { replyingServer } from '../../test-support/local-server.js';
import { sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import type { ProductDefinition } from '../product/product-definition.js';

const sandbox = useSandbox();
const hostile = useHostileServer();

const encrypting: ProductDefinition = { ...camelDefinition, encryptsPayloads: true };

/** The error, its causes and its parts, every way they are commonly turned into text. */
function renderings(error: unknown): string[] {
  const texts: string[] = [];
  let link: unknown = error;
  for (let depth = 0; link instanceof Error && depth < 6; depth += 1) {
    const parts = link as Error & { data?: unknown; response?: unknown; request?: unknown };
    texts.push(
      String(link),
      link.stack ?? '',
      inspect(link, { depth: 30 }),
      inspect(link, { depth: 30, showHidden: true, customInspect: false }),
      JSON.stringify(link),
      JSON.stringify(link, Object.getOwnPropertyNames(link)),
      JSON.stringify(parts.data) ?? '',
      inspect(parts.response, { depth: 10 }),
    );
    link = link.cause;
  }
  return texts;
}

describe('API errors hold no token', () => {
  it.each([
    ['an encrypting product', encrypting],
    ['a product that does not encrypt', camelDefinition],
  ])(
    "client's HTTPError for an answer that echoes Authorization, on %s",
    async (_name, definition) => {
      const origin = await replyingServer((request, response) => {
        const authorization = request.headers.authorization ?? '';
        response.writeHead(500, `Failed for ${authorization}`, {
          'content-type': 'application/json',
          'x-echo': authorization,
        });
        response.end(
          JSON.stringify({
            error: 'Internal',
            echo: { header: authorization, list: [authorization] },
          }),
        );
      });
      const auth = sandboxAuth(sandbox(), definition, { trustedOrigins: [origin] });
      const token = (await auth.getToken()).accessToken;
      const client = auth.client.extend({ prefix: origin, retry: 0 });
      const thrown = await client.get('api/echo').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isHTTPError(thrown)).toBe(true);
      if (!isHTTPError(thrown)) return;
      expect(thrown.response.status).toBe(500);
      expect(thrown.data).toEqual({
        error: 'Internal',
        echo: { header: 'Bearer [redacted]', list: ['Bearer [redacted]'] },
      });
      expect(thrown.message).toContain('500');
      for (const text of renderings(thrown)) expect(text).not.toContain(token);
    },
  );

  it('what fetch throws for a malformed answer that echoes the token keeps none of the wire bytes', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { trustedOrigins: [hostile().origin] });
    const token = (await auth.getToken()).accessToken;
    hostile().enqueue((socket, request) =>
      rawBytes(`HTTP/1.1 2OO OK\r\nX-Echo: ${request.headers.authorization}\r\n\r\n${token}`)(
        socket,
        request,
      ),
    );
    const thrown = await auth.fetch(`${hostile().origin}/api/broken`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Error);
    for (const text of renderings(thrown)) expect(text).not.toContain(token);
  });
});
