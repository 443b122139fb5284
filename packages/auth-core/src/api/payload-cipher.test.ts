import { createCipheriv } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { nodeKey, nodeOpen, nodeSeal } from '../../test-support/node-cipher.js';
import { createPayloadCipher, decryptPayload, encryptPayload } from './payload-cipher.js';

const SECRET = 'sandbox-payouts-secret';

/** Every way an error could carry text out: message, JSON, inspect (with cause), stack. */
function everythingIn(error: unknown): string {
  return [
    String((error as Error).message),
    JSON.stringify(error),
    inspect(error, { depth: 5 }),
    String((error as Error).stack),
  ].join('\n');
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('encryptPayload and decryptPayload', () => {
  it('match a fixed vector: plaintext, key and ciphertext written out', async () => {
    const plaintext = '{"beneficiaryName":"Asha Rao","amount":100}';
    const ciphertext = 'p+6xSDeJG55Y7hqVtrMvNWmO3HaUZvCIFaKFMpifLI6vJhc/8EgzrzgB2upVyWxH';
    // The key EnKash derives: the first 16 bytes of SHA-256(secret).
    expect(nodeKey(SECRET).toString('hex')).toBe('b69b77567702ead32296f996e00f564c');
    expect(await encryptPayload({ beneficiaryName: 'Asha Rao', amount: 100 }, SECRET)).toBe(
      ciphertext,
    );
    expect(await decryptPayload(ciphertext, SECRET)).toEqual(JSON.parse(plaintext));
    expect(nodeOpen(ciphertext, SECRET)).toBe(plaintext);
  });

  it('agree with node:crypto aes-128-ecb both ways for any JSON value, Unicode included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 3 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 40 }).filter((secret) => secret.trim() !== ''),
        async (value, unicode, secret) => {
          const payload = { value, unicode };
          const text = JSON.stringify(payload);
          const ours = await encryptPayload(payload, secret);
          expect(ours).toBe(nodeSeal(text, secret));
          expect(nodeOpen(ours, secret)).toBe(text);
          expect(await decryptPayload(nodeSeal(text, secret), secret)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([0, 15, 16, 17, 100_000])(
    'agree with node:crypto on plaintexts of %i bytes, both ways',
    async (size) => {
      const cipher = createPayloadCipher(SECRET, 'payouts');
      // A JSON string of exactly `size` bytes ('' for 0, which is no JSON at all).
      const text = size === 0 ? '' : JSON.stringify('x'.repeat(size - 2));
      expect(new TextEncoder().encode(text).length).toBe(size);
      const sealed = await cipher.seal(text);
      expect(sealed).toBe(nodeSeal(text, SECRET));
      expect(Buffer.from(sealed, 'base64').length).toBe((Math.floor(size / 16) + 1) * 16);
      if (size === 0) {
        await expect(cipher.decrypt(sealed)).rejects.toMatchObject({ code: 'PAYLOAD' });
      } else {
        expect(await cipher.decrypt(nodeSeal(text, SECRET))).toBe(JSON.parse(text));
      }
    },
  );

  it('round-trip random byte lengths around block edges, multi-byte characters included', async () => {
    const cipher = createPayloadCipher(SECRET);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 70 }), async (text) => {
        const sealed = await cipher.seal(JSON.stringify(text));
        expect(sealed).toBe(nodeSeal(JSON.stringify(text), SECRET));
        expect(await cipher.decrypt(sealed)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('reject a wrong key with PAYLOAD, and no plaintext, ciphertext or key anywhere', async () => {
    const plaintext = { beneficiaryName: 'Zubin Confidential', accountNumber: '918273645546' };
    const ciphertext = nodeSeal(JSON.stringify(plaintext), SECRET);
    let checked = 0;
    for (const wrongKey of ['another-secret-value', 'sandbox-payouts-secreT', 'x'.repeat(64)]) {
      const error = await failureOf(decryptPayload(ciphertext, wrongKey));
      expect(error).toMatchObject({ name: 'EnkashAuthError', code: 'PAYLOAD' });
      const text = everythingIn(error);
      for (const secretText of [
        'Zubin',
        '918273645546',
        ciphertext,
        ciphertext.slice(0, 16),
        wrongKey,
        SECRET,
      ]) {
        expect(text).not.toContain(secretText);
      }
      expect((error as Error).cause).toBeUndefined();
      checked += 1;
    }
    expect(checked).toBe(3);
  });

  it.each([
    ['bad Base64', 'this is not Base64!'],
    ['an empty ciphertext', ''],
    ['a length that is not whole blocks', Buffer.alloc(20, 7).toString('base64')],
    ['bad padding', Buffer.alloc(16, 0).toString('base64')],
    ['a plaintext that is not JSON', nodeSeal('not json: Zubin', SECRET)],
  ])('reject %s with PAYLOAD, naming no payload', async (_case, ciphertext) => {
    const error = await failureOf(decryptPayload(ciphertext, SECRET));
    expect(error).toMatchObject({ code: 'PAYLOAD' });
    expect(everythingIn(error)).not.toContain('Zubin');
    expect(everythingIn(error)).not.toContain(SECRET);
  });

  it('rejects a plaintext that is not UTF-8 with PAYLOAD', async () => {
    const cipher = createCipheriv('aes-128-ecb', nodeKey(SECRET), null);
    const invalid = Buffer.from([0x22, 0xc3, 0x28, 0x22]); // "\xC3(" : a broken two-byte sequence
    const ciphertext = Buffer.concat([cipher.update(invalid), cipher.final()]).toString('base64');
    await expect(decryptPayload(ciphertext, SECRET)).rejects.toMatchObject({ code: 'PAYLOAD' });
  });

  it.each([
    ['a BigInt', { amount: 10n }],
    [
      'a cycle',
      (() => {
        const cycle: Record<string, unknown> = { secretField: 'Zubin' };
        cycle.self = cycle;
        return cycle;
      })(),
    ],
    ['undefined', undefined],
    ['a function', () => 'Zubin'],
  ])('rejects %s, which JSON.stringify refuses, with PAYLOAD', async (_case, value) => {
    const error = await failureOf(encryptPayload(value, SECRET));
    expect(error).toMatchObject({ code: 'PAYLOAD' });
    expect(everythingIn(error)).not.toContain('secretField');
    expect(everythingIn(error)).not.toContain(SECRET);
  });

  it('rejects an empty or non-string secretKey with CONFIG, as a rejection', async () => {
    for (const key of ['', '   ', undefined, 42]) {
      await expect(encryptPayload({}, key as string)).rejects.toMatchObject({ code: 'CONFIG' });
      await expect(decryptPayload('AAAA', key as string)).rejects.toMatchObject({
        code: 'CONFIG',
      });
    }
  });

  it('names the product in the errors of a product cipher', async () => {
    const cipher = createPayloadCipher(SECRET, 'cards');
    await expect(cipher.decrypt('%%%')).rejects.toMatchObject({
      code: 'PAYLOAD',
      product: 'cards',
      message: 'cards: cannot decrypt the payload (not Base64 AES, a wrong key, or not JSON).',
    });
  });

  it('derives its key once, at first use: constructing one draws no randomness and hashes nothing', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const random = vi.spyOn(crypto, 'getRandomValues');
    try {
      const cipher = createPayloadCipher(SECRET, 'payouts');
      expect(digest).not.toHaveBeenCalled();
      const sealed = await cipher.seal('{"a":1}');
      expect(await cipher.decrypt(sealed)).toEqual({ a: 1 });
      await cipher.seal('[]');
      expect(digest).toHaveBeenCalledTimes(1);
      expect(random).not.toHaveBeenCalled();
    } finally {
      digest.mockRestore();
      random.mockRestore();
    }
  });
});

describe('the platform path and the table path', () => {
  const tablesOnly = () => undefined;

  it('give byte-identical ciphertexts and plaintexts, both equal to node:crypto, for any text and key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 40 }).filter((secret) => secret.trim() !== ''),
        async (value, secret) => {
          const text = JSON.stringify(value);
          const platform = createPayloadCipher(secret, 'payouts');
          const tables = createPayloadCipher(secret, 'payouts', tablesOnly);
          const sealed = await platform.seal(text);
          expect(sealed).toBe(await tables.seal(text));
          expect(sealed).toBe(nodeSeal(text, secret));
          expect(await platform.decrypt(sealed)).toBe(value);
          expect(await tables.decrypt(sealed)).toBe(value);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuse the same bad inputs with the same PAYLOAD error', async () => {
    const wrongKey = nodeSeal('{"a":1}', 'another-secret');
    const badPadding = Buffer.from(
      createCipheriv('aes-128-ecb', nodeKey(SECRET), null)
        .setAutoPadding(false)
        .update(Buffer.alloc(16, 0)),
    ).toString('base64');
    const notUtf8 = nodeSealBytes(Buffer.from([0x22, 0xff, 0x22]));
    for (const ciphertext of [
      wrongKey,
      badPadding,
      notUtf8,
      '',
      'AAAA',
      '%%%',
      nodeSeal('not json', SECRET),
    ]) {
      const platform = await failureOf(createPayloadCipher(SECRET, 'payouts').decrypt(ciphertext));
      const tables = await failureOf(
        createPayloadCipher(SECRET, 'payouts', tablesOnly).decrypt(ciphertext),
      );
      expect(platform).toMatchObject({ code: 'PAYLOAD' });
      expect((platform as Error).message).toBe((tables as Error).message);
    }
  });
});

/** `bytes` encrypted under {@link SECRET} with PKCS#7 padding, to Base64. */
function nodeSealBytes(bytes: Buffer): string {
  const cipher = createCipheriv('aes-128-ecb', nodeKey(SECRET), null);
  return Buffer.concat([cipher.update(bytes), cipher.final()]).toString('base64');
}
