import { describe, expect, it } from 'vitest';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { base64ToBytes, bytesToBase64 } from '../util/base64.js';
import { createStoredValueCodec, SEALED_VALUE_PREFIX } from './stored-value-codec.js';

const KEY = 'unit-test key material, 32 bytes';
const secret = new TextEncoder().encode(KEY);
const codecOf = (encryptionKey: unknown, store = 'redis') =>
  createStoredValueCodec({ encryptionKey, store });
const bodyOf = (sealed: string) => base64ToBytes(sealed.slice(SEALED_VALUE_PREFIX.length));

describe('createStoredValueCodec with an encryption key', () => {
  it('opens what it sealed, under the same store key', async () => {
    const codec = codecOf(secret);
    expect(codec.encrypts).toBe(true);
    const sealed = await codec.encode('{"accessToken":"abc"} ✓', 'enkash:payouts:1');
    expect(sealed.startsWith(SEALED_VALUE_PREFIX)).toBe(true);
    expect(sealed).not.toContain('accessToken');
    expect(await codec.decode(sealed, 'enkash:payouts:1')).toBe('{"accessToken":"abc"} ✓');
  });

  it('opens across instances built from the same key, as a string or its bytes', async () => {
    const sealed = await codecOf(KEY).encode('value', 'key');
    expect(await codecOf(new Uint8Array(secret)).decode(sealed, 'key')).toBe('value');
  });

  it('opens what @enkash/auth-redis sealed before the codec moved to the core', async () => {
    // Sealed by auth-redis's own cipher (HKDF salt "@enkash/auth-redis"): the stored format is unchanged.
    const sealed =
      'enkash-aes256gcm-v1:okBmbZU33WFqBraPQ3kzi9yI+IDUzo18oXOTrS5hWh93b/FjhK77yZkSlTVeRbsY5A==';
    expect(await codecOf(secret, 'redis').decode(sealed, 'enkash:payouts:1')).toBe(
      '{"accessToken":"abc"}',
    );
    // Another kind of store derives another AES key from the same secret.
    expect(await codecOf(secret, 'sqlite').decode(sealed, 'enkash:payouts:1')).toBeUndefined();
  });

  it('uses a fresh IV for every value', async () => {
    const codec = codecOf(secret);
    const sealed = new Set(
      await Promise.all(Array.from({ length: 20 }, () => codec.encode('same', 'key'))),
    );
    expect(sealed.size).toBe(20);
  });

  it('reads a wrong key, another store key, tampering, truncation, non-base64 and plaintext as undefined', async () => {
    const codec = codecOf(secret);
    const sealed = await codec.encode('value', 'key');
    const tampered = bodyOf(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(await codecOf('unit-test key material, 32 BYTES').decode(sealed, 'key')).toBeUndefined();
    expect(await codec.decode(sealed, 'another-key')).toBeUndefined();
    expect(
      await codec.decode(`${SEALED_VALUE_PREFIX}${bytesToBase64(tampered)}`, 'key'),
    ).toBeUndefined();
    expect(
      await codec.decode(
        `${SEALED_VALUE_PREFIX}${bytesToBase64(bodyOf(sealed).subarray(0, 20))}`,
        'key',
      ),
    ).toBeUndefined();
    expect(await codec.decode(`${SEALED_VALUE_PREFIX}!!!not base64!!!`, 'key')).toBeUndefined();
    expect(await codec.decode('value', 'key')).toBeUndefined();
  });
});

describe('createStoredValueCodec without an encryption key', () => {
  it('keeps values as they are, and reads sealed values as a miss', async () => {
    const codec = codecOf(undefined);
    expect(codec.encrypts).toBe(false);
    expect(await codec.encode('{"accessToken":"abc"}', 'key')).toBe('{"accessToken":"abc"}');
    expect(await codec.decode('{"accessToken":"abc"}', 'key')).toBe('{"accessToken":"abc"}');
    const sealed = await codecOf(secret).encode('value', 'key');
    expect(await codec.decode(sealed, 'key')).toBeUndefined();
  });
});

describe('createStoredValueCodec options', () => {
  const configErrorOf = (encryptionKey: unknown) => {
    try {
      codecOf(encryptionKey, 'sqlite');
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('refuses a short or mistyped key as CONFIG of the store, without echoing it', () => {
    const short = configErrorOf('short-secret');
    expect(EnkashAuthError.isInstance(short)).toBe(true);
    expect(short).toMatchObject({
      code: 'CONFIG',
      product: 'sqlite',
      message: '`encryptionKey` must be at least 16 bytes; use 32 random bytes.',
    });
    expect(configErrorOf(42)).toMatchObject({
      code: 'CONFIG',
      product: 'sqlite',
      message: '`encryptionKey` must be a string or a Uint8Array.',
    });
    expect(configErrorOf(new Uint8Array(15))).toMatchObject({ code: 'CONFIG' });
  });

  it('keeps its own copy of a key given as bytes', async () => {
    const bytes = new Uint8Array(secret);
    const codec = codecOf(bytes);
    bytes.fill(0);
    const sealed = await codec.encode('value', 'key');
    expect(await codecOf(secret).decode(sealed, 'key')).toBe('value');
  });
});
