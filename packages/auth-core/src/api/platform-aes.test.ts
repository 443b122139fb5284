import * as nodeCrypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadPlatformAes, platformAes } from './platform-aes.js';

describe("the platform's AES", () => {
  it("is node:crypto's aes-128-ecb where the runtime offers it (Node), checked at first use", () => {
    const aes = platformAes();
    expect(aes).toBeDefined();
    expect(platformAes()).toBe(aes);
  });

  it('is passed over when node:crypto cannot be had: no process.getBuiltinModule, or it throws', () => {
    expect(loadPlatformAes(() => undefined)).toBeUndefined();
    expect(
      loadPlatformAes(() => {
        throw new Error('No such built-in module: node:crypto');
      }),
    ).toBeUndefined();
  });

  it('is passed over when its answer to the known-answer test is wrong', () => {
    const wrong = {
      ...nodeCrypto,
      // A cipher that answers, but not with AES-128-ECB (here: the key ignored).
      createCipheriv: (_algorithm: string, _key: unknown, iv: null) =>
        nodeCrypto.createCipheriv('aes-128-ecb', new Uint8Array(16), iv),
    };
    expect(loadPlatformAes(() => wrong)).toBeUndefined();
  });

  it('is passed over when it lacks aes-128-ecb', () => {
    const lacking = {
      ...nodeCrypto,
      createCipheriv: () => {
        throw new Error('Unknown cipher');
      },
    };
    expect(loadPlatformAes(() => lacking)).toBeUndefined();
  });
});

describe('the known answer', () => {
  it('is what the table implementation gives too', async () => {
    const { aesBlocks, expandAesKey } = await import('./aes-128.js');
    const bytes = new Uint8Array(32).fill(16);
    bytes.set(new TextEncoder().encode('{"known":"text"}'));
    aesBlocks(bytes, expandAesKey(Uint8Array.from({ length: 16 }, (_, index) => index)), false);
    expect(Buffer.from(bytes).toString('base64')).toBe(
      'Qaxv5udaJVzPzecu7/og3pVPZPLk6G6e7oLSAhZoSJk=',
    );
  });
});
