import { describe, expect, it } from 'vitest';
import { deriveStoreKey } from './store-key.js';

const identity = {
  product: 'payouts',
  baseUrl: 'https://ekpayout-uat.enkash.in',
  clientId: 'enkash-client',
  username: 'ops@example.com',
};

describe('deriveStoreKey', () => {
  it('is the SHA-256 of the identity, prefixed by the product', async () => {
    const key = await deriveStoreKey(identity);
    expect(key).toMatch(/^enkash:payouts:[0-9a-f]{64}$/);
    const material = JSON.stringify([
      identity.product,
      identity.baseUrl,
      identity.clientId,
      identity.username,
    ]);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material));
    const hex = Buffer.from(digest).toString('hex');
    expect(key).toBe(`enkash:payouts:${hex}`);
  });

  it('holds no plaintext identity', async () => {
    const key = await deriveStoreKey(identity);
    for (const value of [identity.baseUrl, identity.clientId, identity.username, 'enkash.in']) {
      expect(key).not.toContain(value);
    }
  });

  it('is stable, and differs whenever one identity field differs', async () => {
    const key = await deriveStoreKey(identity);
    expect(await deriveStoreKey({ ...identity })).toBe(key);
    const variants = await Promise.all([
      deriveStoreKey({ ...identity, product: 'cards' }),
      deriveStoreKey({ ...identity, baseUrl: 'https://api.enkash.in' }),
      deriveStoreKey({ ...identity, clientId: 'other-client' }),
      deriveStoreKey({ ...identity, username: 'other@example.com' }),
    ]);
    expect(new Set([key, ...variants]).size).toBe(5);
  });

  it('cannot be confused by a separator moved between fields', async () => {
    const first = await deriveStoreKey({ ...identity, clientId: 'a:b', username: 'c' });
    const second = await deriveStoreKey({ ...identity, clientId: 'a', username: 'b:c' });
    expect(first).not.toBe(second);
  });
});
