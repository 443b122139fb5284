import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { inAnotherProcess, sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import { createMemoryStore } from '../store/memory-store.js';
import { deriveStoreKey } from '../store/store-key.js';
import type { TokenStore } from '../store/token-store.js';
import { bindingOf } from './credential-binding.js';

const sandbox = useSandbox();

const WRONG = { password: 'not-the-password-61', clientSecret: 'not-the-secret-61' };

function sharedStore(): TokenStore {
  return { ...createMemoryStore(), shared: true };
}

async function accountKey(): Promise<string> {
  const user = sandbox().users.payouts;
  return deriveStoreKey({
    product: 'payouts',
    baseUrl: sandbox().baseUrl('payouts'),
    clientId: user.clientId,
    username: user.username,
  });
}

describe('a token is served only to the credentials that obtained it', () => {
  it('gives an auth of the same account with a wrong password and secret no token, in one process', async () => {
    const right = sandboxAuth(sandbox(), camelDefinition);
    const token = await right.getToken();
    const wrong = sandboxAuth(sandbox(), camelDefinition, WRONG);
    const error = await failureOf(wrong.getToken());
    expect(error.code).toBe('REJECTED');
    // Its own request went to EnKash and was refused; the right auth's token stayed its own.
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
    expect((await failureOf(wrong.fetch('api/ping'))).code).toBe('REJECTED');
    await expect(wrong.getAuthorizationHeader()).rejects.toMatchObject({ code: 'LOCKOUT_GUARD' });
    expect(await right.getToken()).toBe(token);
  });

  it('gives another process on the same shared store no token for other credentials', async () => {
    const store = sharedStore();
    const right = sandboxAuth(sandbox(), camelDefinition, { store });
    await right.getToken();
    const wrong = inAnotherProcess(() =>
      sandboxAuth(sandbox(), camelDefinition, { ...WRONG, store }),
    );
    await expect(wrong.getToken()).rejects.toMatchObject({ code: 'REJECTED' });
    await expect(wrong.fetch('api/ping')).rejects.toMatchObject({ code: 'REJECTED' });
    expect(sandbox().counters('payouts')).toMatchObject({ tokenRequests: 3, pings: 0 });
  });

  it('keeps the per-request misuse free: 50 auths with the right credentials make 1 request', async () => {
    for (let index = 0; index < 50; index += 1) {
      await sandboxAuth(sandbox(), camelDefinition).getToken();
    }
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('counts the account across password values: 6 auths with a wrong password send at most 2', async () => {
    await sandboxAuth(sandbox(), camelDefinition).getToken();
    const codes: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const auth = sandboxAuth(sandbox(), camelDefinition, { password: `wrong-${index}-62` });
      codes.push((await failureOf(auth.getToken())).code);
    }
    expect(codes).toEqual([
      'REJECTED',
      'REJECTED',
      'LOCKOUT_GUARD',
      'LOCKOUT_GUARD',
      'LOCKOUT_GUARD',
      'LOCKOUT_GUARD',
    ]);
    const { username } = sandbox().users.payouts;
    expect(sandbox().counters('payouts').tokenRequests).toBe(3);
    expect(sandbox().isLocked('payouts', username)).toBe(false);
  });

  it('reads a provider once before taking a token it did not obtain, and not per call after', async () => {
    const { password } = sandbox().users.payouts;
    const right = sandboxAuth(sandbox(), camelDefinition);
    const token = await right.getToken();
    let reads = 0;
    const fromVault = sandboxAuth(sandbox(), camelDefinition, {
      password: async () => {
        reads += 1;
        return password;
      },
    });
    expect(await fromVault.getToken()).toBe(token);
    for (let index = 0; index < 5; index += 1) await fromVault.getToken();
    expect(reads).toBe(1);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('keeps nothing in the store from which a password or secret reads back', async () => {
    const store = createMemoryStore();
    const { password, clientSecret, clientId } = sandbox().users.payouts;
    await sandboxAuth(sandbox(), camelDefinition, { store }).getToken();
    await sandboxAuth(sandbox(), camelDefinition, { ...WRONG, store })
      .getToken()
      .catch(() => undefined);
    const key = await accountKey();
    const values = [
      await store.get(`${key}:token`),
      await store.get(`${key}:attempts`),
      await store.get(`${key}:rejection`),
    ].join('\n');
    expect(values).toContain('"binding"');
    for (const secret of [password, clientSecret, WRONG.password, WRONG.clientSecret]) {
      for (const spelling of [
        secret,
        encodeURIComponent(secret),
        Buffer.from(secret).toString('base64').replace(/=+$/, ''),
        Buffer.from(`${clientId}:${secret}`).toString('base64').replace(/=+$/, ''),
      ]) {
        expect(values).not.toContain(spelling);
      }
    }
  });
});

describe('bindingOf', () => {
  const credentials = {
    clientId: 'client-1',
    clientSecret: 'secret-1',
    username: 'user@example.com',
    password: 'password-1',
    basicAuth: undefined,
    productHeaders: {},
  };

  it('is a keyed digest of the password, secret, Basic pair and credential headers', async () => {
    const binding = await bindingOf(credentials);
    expect(binding).toMatch(/^[\w-]{43}$/);
    expect(await bindingOf({ ...credentials })).toBe(binding);
    const others = await Promise.all([
      bindingOf({ ...credentials, password: 'password-2' }),
      bindingOf({ ...credentials, clientSecret: 'secret-2' }),
      bindingOf({ ...credentials, basicAuth: { id: 'other', secret: 'secret-1' } }),
      bindingOf({ ...credentials, productHeaders: { 'API-Key': 'key-1' } }),
    ]);
    expect(new Set([binding, ...others]).size).toBe(5);
  });
});
