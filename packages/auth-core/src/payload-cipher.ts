import { EnkashAuthError } from './enkash-auth-error.js';

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
}

const BLOCK = 16;
// A zero IV makes CBC encrypt a lone block exactly as ECB does.
const AES_CBC = { name: 'AES-CBC', iv: new Uint8Array(BLOCK) };
// Read when used, so a runtime without WebCrypto fails only when it encrypts.
const subtle = () => globalThis.crypto.subtle;

/**
 * The cipher of {@link encryptPayload} and {@link decryptPayload}, with the
 * key derived once; `product` names its errors' product.
 * WebCrypto has no ECB, so both directions are built from its AES-CBC.
 */
export function createPayloadCipher(secretKey: string, product = 'unknown'): PayloadCipher {
  let key: Promise<CryptoKey> | undefined;
  const getKey = () =>
    (key ??= subtle()
      .digest('SHA-256', new TextEncoder().encode(secretKey))
      // EnKash's key: the first 16 bytes of SHA-256(secret), as an AES-128 key.
      .then((digest) =>
        subtle().importKey('raw', digest.slice(0, BLOCK), AES_CBC, false, ['encrypt', 'decrypt']),
      ));

  return {
    async seal(text) {
      const plain = new TextEncoder().encode(text);
      const cryptoKey = await getKey();
      // Whole blocks, then a last one of 0 to 15 bytes that CBC pads as ECB
      // would: each encrypted alone, keeping the first 16 bytes.
      const blocks: Promise<ArrayBuffer>[] = [];
      for (let offset = 0; offset <= plain.length; offset += BLOCK) {
        blocks.push(subtle().encrypt(AES_CBC, cryptoKey, plain.subarray(offset, offset + BLOCK)));
      }
      let binary = '';
      for (const block of await Promise.all(blocks)) {
        binary += String.fromCharCode(...new Uint8Array(block, 0, BLOCK));
      }
      return btoa(binary);
    },
    async decrypt(ciphertext) {
      const cryptoKey = await getKey();
      try {
        const bytes = Uint8Array.from(atob(ciphertext), (character) => character.charCodeAt(0));
        // CBC decryption yields D(C[i]) XOR C[i-1] for every block in one
        // call. A zero block slipped in before the last makes that block's
        // output D(C[n]) itself, so WebCrypto checks and strips our padding;
        // the slipped block's own output is dropped. A length that is not
        // whole blocks, or bad padding (a wrong key, mostly), throws.
        const last = bytes.length - BLOCK;
        const input = new Uint8Array(bytes.length + BLOCK);
        input.set(bytes.subarray(0, last));
        input.set(bytes.subarray(last), bytes.length);
        const plain = new Uint8Array(await subtle().decrypt(AES_CBC, cryptoKey, input));
        for (let index = BLOCK; index < last; index += 1) {
          plain[index] = (plain[index] as number) ^ (bytes[index - BLOCK] as number);
        }
        plain.copyWithin(last, bytes.length);
        if (last >= 0) {
          return JSON.parse(
            new TextDecoder('utf-8', { fatal: true }).decode(plain.subarray(0, -BLOCK)),
          );
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
