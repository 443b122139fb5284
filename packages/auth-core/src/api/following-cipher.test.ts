import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { serveForThisTest } from '../../test-support/local-server.js';
import { nodeOpen } from '../../test-support/node-cipher.js';
import { inAnotherProcess, sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import { createAuth } from '../create-auth.js';
import type { ProductDefinition } from '../product/product-definition.js';
import { createMemoryStore } from '../store/memory-store.js';

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

describe('the payload key follows a rotation for every auth of the account', () => {
  /** A vault whose client secret the test rotates, as EnKash does on its side. */
  function rotatingVault() {
    const { username, clientSecret } = sandbox().users.payouts;
    const vault = {
      secret: clientSecret,
      reads: 0,
      read: async () => {
        vault.reads += 1;
        return vault.secret;
      },
      rotate(next: string) {
        sandbox().setClientSecret('payouts', username, next);
        vault.secret = next;
      },
    };
    return vault;
  }

  function echoes(): (number | undefined)[] {
    return sandbox()
      .requests('payouts')
      .filter((entry) => entry.endpoint !== 'token')
      .map((entry) => entry.status);
  }

  it('a second auth that took the first one token seals under the new secret after one 400', async () => {
    const vault = rotatingVault();
    const first = sandboxAuth(sandbox(), payoutsLike, { clientSecret: vault.read });
    const second = sandboxAuth(sandbox(), payoutsLike, { clientSecret: vault.read });
    await first.client.post('api/echo', { json: BODY }).json();
    await second.client.post('api/echo', { json: BODY }).json();
    vault.rotate('rotated-client-secret-77');
    await first.getToken({ forceRefresh: true });
    // The second auth last read the old secret: EnKash refuses its payload once, then it settles.
    const answer = await second.client.post('api/echo', { json: BODY }).json<{
      received: unknown;
    }>();
    expect(answer.received).toEqual(BODY);
    const after = await second.client
      .post('api/echo', { json: BODY })
      .json<{ received: unknown }>();
    expect(after.received).toEqual(BODY);
    expect(echoes()).toEqual([200, 200, 400, 200, 200]);
  });

  it('a process that adopts the token from the store seals under the new secret after one 400', async () => {
    const vault = rotatingVault();
    const store = { ...createMemoryStore(), shared: true };
    const first = sandboxAuth(sandbox(), payoutsLike, { clientSecret: vault.read, store });
    const other = inAnotherProcess(() =>
      sandboxAuth(sandbox(), payoutsLike, { clientSecret: vault.read, store }),
    );
    await other.client.post('api/echo', { json: BODY }).json();
    vault.rotate('rotated-client-secret-78');
    await first.getToken();
    const answer = await other.fetch('api/echo', {
      method: 'POST',
      body: JSON.stringify(BODY),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { received: unknown }).received).toEqual(BODY);
    expect(echoes()).toEqual([200, 400, 200]);
  });

  it('replays at most once: a 400 that is not about the key comes back as it is', async () => {
    const vault = rotatingVault();
    const auth = sandboxAuth(sandbox(), payoutsLike, { clientSecret: vault.read });
    await auth.getToken();
    const answer = await auth.fetch('api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"not": "an envelope the sandbox opens"',
    });
    expect(answer.status).toBe(400);
    expect(echoes()).toEqual([400]);
  });
});
