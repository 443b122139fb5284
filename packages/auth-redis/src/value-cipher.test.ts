import { describe, expect, it } from 'vitest';
import { createValueCipher, SEALED_VALUE_PREFIX } from './value-cipher.js';

const secret = new TextEncoder().encode('unit-test key material, 32 bytes');
const other = new TextEncoder().encode('unit-test key material, 32 BYTES');

describe('createValueCipher', () => {
  it('opens what it sealed, under the same key', async () => {
    const cipher = createValueCipher(secret);
    const sealed = await cipher.encrypt('{"accessToken":"abc"} ✓', 'enkash:payouts:1');
    expect(sealed.startsWith(SEALED_VALUE_PREFIX)).toBe(true);
    expect(sealed).not.toContain('accessToken');
    expect(await cipher.decrypt(sealed, 'enkash:payouts:1')).toBe('{"accessToken":"abc"} ✓');
  });

  it('opens across instances built from the same secret', async () => {
    const sealed = await createValueCipher(secret).encrypt('value', 'key');
    expect(await createValueCipher(new Uint8Array(secret)).decrypt(sealed, 'key')).toBe('value');
  });

  it('uses a fresh IV for every value', async () => {
    const cipher = createValueCipher(secret);
    const sealed = new Set(
      await Promise.all(Array.from({ length: 20 }, () => cipher.encrypt('same', 'key'))),
    );
    expect(sealed.size).toBe(20);
  });

  it('reads a wrong secret, another key, tampering, truncation and plaintext as undefined', async () => {
    const cipher = createValueCipher(secret);
    const sealed = await cipher.encrypt('value', 'key');
    const body = Buffer.from(sealed.slice(SEALED_VALUE_PREFIX.length), 'base64');
    const tampered = Buffer.from(body);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(await createValueCipher(other).decrypt(sealed, 'key')).toBeUndefined();
    expect(await cipher.decrypt(sealed, 'another-key')).toBeUndefined();
    expect(
      await cipher.decrypt(`${SEALED_VALUE_PREFIX}${tampered.toString('base64')}`, 'key'),
    ).toBeUndefined();
    expect(
      await cipher.decrypt(
        `${SEALED_VALUE_PREFIX}${body.subarray(0, 20).toString('base64')}`,
        'key',
      ),
    ).toBeUndefined();
    expect(await cipher.decrypt(`${SEALED_VALUE_PREFIX}!!!not base64!!!`, 'key')).toBeUndefined();
    expect(await cipher.decrypt('value', 'key')).toBeUndefined();
  });
});
