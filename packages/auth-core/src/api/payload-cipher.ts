import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { base64ToBytes, bytesToBase64 } from '../util/base64.js';
import { type AesKey, aesBlocks, expandAesKey } from './aes-128.js';
import { type PlatformAes, platformAes } from './platform-aes.js';

/**
 * Encrypts a value the way EnKash's API expects its payloads: `JSON.stringify`,
 * then AES-128-ECB with PKCS#7 padding under the first 16 bytes of
 * SHA-256(`secretKey`), then Base64. Put the result in the envelope
 * `{"request": "<ciphertext>"}`. Rejects with `PAYLOAD` when
 * `JSON.stringify` refuses the value (a BigInt, a cycle, `undefined`).
 *
 * `auth.client` and `auth.fetch` already do this for payouts, cards and
 * rewards; this function is for your own HTTP client.
 *
 * @example
 * ```ts
 * const body = { request: await encryptPayload({ amount: 100 }, clientSecret) };
 * ```
 */
export async function encryptPayload(value: unknown, secretKey: string): Promise<string> {
  const cipher = checkedCipher(secretKey);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Its message may quote the value's keys: the cause is dropped.
  }
  if (typeof text !== 'string') {
    throw new EnkashAuthError('payload: cannot encrypt the value: JSON.stringify refuses it.', {
      code: 'PAYLOAD',
      product: 'unknown',
    });
  }
  return cipher.seal(text);
}

/**
 * Decrypts an EnKash payload (the `request` field of a response envelope):
 * Base64, AES-128-ECB under the first 16 bytes of SHA-256(`secretKey`),
 * PKCS#7 padding, then `JSON.parse`. Rejects with `PAYLOAD` on bad Base64,
 * bad padding, a wrong key or a plaintext that is not JSON; the error holds
 * neither the ciphertext, the plaintext nor the key.
 *
 * @example
 * ```ts
 * const { request } = await response.json();
 * const result = await decryptPayload(request, clientSecret);
 * ```
 */
export async function decryptPayload(ciphertext: string, secretKey: string): Promise<unknown> {
  return checkedCipher(secretKey).decrypt(ciphertext);
}

/** The standalone functions' cipher: `secretKey` checked here, as the auth checks `encryptionKey`. */
function checkedCipher(secretKey: string): PayloadCipher {
  if (typeof secretKey !== 'string' || secretKey.trim() === '') {
    throw new EnkashAuthError('payload: secretKey must be a non-empty string.', {
      code: 'CONFIG',
      product: 'unknown',
    });
  }
  return createPayloadCipher(secretKey);
}

/** EnKash's payload cipher under one key, derived once on first use. */
export interface PayloadCipher {
  /** Encrypts text (UTF-8) to Base64. */
  seal(text: string): Promise<string>;
  /** Decrypts Base64 and parses the plaintext as JSON. */
  decrypt(ciphertext: string): Promise<unknown>;
  /**
   * Present when the key follows a credential that may be rotated: reads its
   * source again and resolves whether the key changed (the next `seal` then
   * uses the new one).
   */
  readKeyAgain?(): Promise<boolean>;
}

/** One key, derived: the platform's key object, or the table implementation's round keys. */
type DerivedKey = { aes: PlatformAes; key: object } | { aes: undefined; key: AesKey };

/**
 * The cipher of {@link encryptPayload} and {@link decryptPayload}, with the
 * key derived once, at first use; `product` names its errors' product. AES
 * is the platform's where it passes its known-answer test (`node:crypto`),
 * else the table implementation: the results are the same byte for byte.
 */
export function createPayloadCipher(
  secretKey: string,
  product = 'unknown',
  platform: () => PlatformAes | undefined = platformAes,
): PayloadCipher {
  let key: Promise<DerivedKey> | undefined;
  const getKey = () =>
    (key ??= crypto.subtle
      .digest('SHA-256', new TextEncoder().encode(secretKey))
      .then((digest): DerivedKey => {
        // EnKash's key: the first 16 bytes of SHA-256(secret).
        const bytes = new Uint8Array(digest, 0, 16);
        const aes = platform();
        return aes ? { aes, key: aes.key(bytes) } : { aes, key: expandAesKey(bytes) };
      }));

  return {
    async seal(text) {
      const derived = await getKey();
      if (derived.aes) return derived.aes.seal(derived.key, text);
      const plain = new TextEncoder().encode(text);
      // PKCS#7: 1 to 16 bytes, each holding their count.
      const padding = 16 - (plain.length % 16);
      const bytes = new Uint8Array(plain.length + padding).fill(padding, plain.length);
      bytes.set(plain);
      aesBlocks(bytes, derived.key, false);
      return bytesToBase64(bytes);
    },
    async decrypt(ciphertext) {
      const derived = await getKey();
      try {
        const bytes = base64ToBytes(ciphertext);
        if (bytes.length > 0 && bytes.length % 16 === 0) {
          const plain = derived.aes
            ? derived.aes.open(derived.key, bytes)
            : openWithTables(bytes, derived.key);
          if (plain !== undefined) {
            return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
          }
        }
      } catch {
        // JSON.parse's message quotes the plaintext: the cause is dropped.
      }
      throw new EnkashAuthError(
        `${product}: cannot decrypt the payload (not Base64 AES, a wrong key, or not JSON).`,
        { code: 'PAYLOAD', product },
      );
    },
  };
}

/** Decrypts whole blocks in place and strips the PKCS#7 padding; `undefined` when it is bad (mostly a wrong key). */
function openWithTables(bytes: Uint8Array, key: AesKey): Uint8Array | undefined {
  aesBlocks(bytes, key, true);
  const padding = bytes[bytes.length - 1] as number;
  const valid =
    padding > 0 && padding <= 16 && bytes.subarray(-padding).every((byte) => byte === padding);
  return valid ? bytes.subarray(0, bytes.length - padding) : undefined;
}
