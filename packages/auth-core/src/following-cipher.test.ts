import { describe, expect, it } from 'vitest';
import { createAuth } from './create-auth.js';
import type { ProductDefinition } from './product-definition.js';
import { camelDefinition } from './test-support/definitions.js';
import { failureOf } from './test-support/failure-of.js';
import { serveForThisTest } from './test-support/local-server.js';
import { nodeOpen } from './test-support/node-cipher.js';
import { sandboxAuth, useSandbox } from './test-support/sandbox.js';

const sandbox = useSandbox();

const payoutsLike: ProductDefinition = { ...camelDefinition, encryptsPayloads: true };
const BODY = { beneficiaryName: 'Asha Rao', amount: 100 };

/**
 * A server that issues a token for any credentials and answers an API call
 * with the envelope it received, in clear, so the test can open it with the
 * key it expects. Closed when the test finishes.
 */
async function keyRevealingServer(): Promise<string> {
  let issued = 0;
  return serveForThisTest((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (request.url?.endsWith('/oauth/token')) {
        issued += 1;
        response.end(JSON.stringify({ accessToken: `token-number-${issued}`, expiresIn: 300 }));
        return;
      }
      response.end(JSON.stringify({ sent: body }));
    });
  });
}

describe('the payload key defaulting to a clientSecret provider', () => {
  it('follows the value of the latest token request', async () => {
    let secret = 'first-client-secret-11';
    const auth = createAuth(payoutsLike, {
      baseUrl: await keyRevealingServer(),
      clientId: 'client',
      username: 'user@example.com',
      password: 'password-1',
      clientSecret: () => secret,
    });
    const sealedUnder = async () => {
      const { sent } = await auth.client.post('api/echo', { json: BODY }).json<{ sent: string }>();
      return (JSON.parse(sent) as { request: string }).request;
    };
    expect(nodeOpen(await sealedUnder(), 'first-client-secret-11')).toBe(JSON.stringify(BODY));

    // Rotated in the vault: the key changes with the next token request, not before.
    secret = 'second-client-secret-22';
    expect(nodeOpen(await sealedUnder(), 'first-client-secret-11')).toBe(JSON.stringify(BODY));
    await auth.getToken({ forceRefresh: true });
    expect(nodeOpen(await sealedUnder(), 'second-client-secret-22')).toBe(JSON.stringify(BODY));
  });

  it('round-trips with the sandbox, reading the provider on demand before the first token and not per call', async () => {
    const { clientSecret } = sandbox().users.payouts;
    let reads = 0;
    const auth = sandboxAuth(sandbox(), payoutsLike, {
      clientSecret: async () => {
        reads += 1;
        return clientSecret;
      },
    });
    // The body is sealed before the token is asked for: one read for the key, one for the token request.
    expect(await auth.client.post('api/echo', { json: BODY }).json()).toMatchObject({
      received: BODY,
    });
    expect(reads).toBe(2);
    for (let call = 0; call < 3; call += 1) {
      await auth.client.post('api/echo', { json: BODY }).json();
    }
    expect(reads).toBe(2);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('an explicit encryptionKey wins: the provider is not read for the payload', async () => {
    const { clientSecret } = sandbox().users.payouts;
    let reads = 0;
    const auth = sandboxAuth(sandbox(), payoutsLike, {
      encryptionKey: clientSecret,
      clientSecret: () => {
        reads += 1;
        return clientSecret;
      },
    });
    await auth.client.post('api/echo', { json: BODY }).json();
    expect(reads).toBe(1);
  });

  it('a provider failing when the key is needed fails the call with CONFIG and sends nothing', async () => {
    const auth = sandboxAuth(sandbox(), payoutsLike, {
      clientSecret: () => {
        throw new TypeError('vault unreachable: secret/enkash-key-material');
      },
    });
    const error = await failureOf(auth.client.post('api/echo', { json: BODY }));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('"clientSecret" provider failed (TypeError)');
    expect(error.message).not.toContain('key-material');
    expect(sandbox().requests('payouts')).toEqual([]);
  });
});
