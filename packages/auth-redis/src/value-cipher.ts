/** Encrypts stored values for one store; see {@link createValueCipher}. */
export interface ValueCipher {
  /** The sealed form of `plaintext`, bound to `key`. */
  encrypt(plaintext: string, key: string): Promise<string>;
  /** The plaintext, or `undefined` when `sealed` is not a value this key sealed under `key`. */
  decrypt(sealed: string, key: string): Promise<string | undefined>;
}

/**
 * Marks a sealed value (format version 1). A store without an encryption key
 * reads values carrying it as a miss, so ciphertext never reaches the core.
 */
export const SEALED_VALUE_PREFIX = 'enkash-aes256gcm-v1:';

const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed, public HKDF parameters: they separate this use of the secret from any other.
const HKDF_SALT = new TextEncoder().encode('@enkash/auth-redis');
const HKDF_INFO = new TextEncoder().encode('token value encryption, AES-256-GCM, v1');
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * AES-256-GCM through WebCrypto (`globalThis.crypto.subtle`). The AES key is
 * derived from `secret` with HKDF-SHA-256 (fixed salt and info), so `secret`
 * must already be high-entropy, such as 32 random bytes: HKDF does not stretch
 * a weak passphrase. Each value gets a random 96-bit IV, and the store key is
 * the additional authenticated data, so a value copied under another key
 * fails to open. Anything that fails to open (wrong secret, corruption, a
 * plaintext value) reads as `undefined`: never garbage, never a throw.
 */
export function createValueCipher(secret: Uint8Array): ValueCipher {
  let derived: Promise<CryptoKey> | undefined;
  const aesKey = () => {
    derived ??= deriveAesKey(secret);
    return derived;
  };

  return {
    async encrypt(plaintext, key) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const ciphertext = await globalThis.crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(key) },
        await aesKey(),
        encoder.encode(plaintext),
      );
      const sealed = new Uint8Array(IV_BYTES + ciphertext.byteLength);
      sealed.set(iv);
      sealed.set(new Uint8Array(ciphertext), IV_BYTES);
      return `${SEALED_VALUE_PREFIX}${Buffer.from(sealed).toString('base64')}`;
    },
    async decrypt(sealed, key) {
      if (!sealed.startsWith(SEALED_VALUE_PREFIX)) {
        return undefined;
      }
      const bytes = Buffer.from(sealed.slice(SEALED_VALUE_PREFIX.length), 'base64');
      if (bytes.byteLength < IV_BYTES + TAG_BYTES) {
        return undefined;
      }
      // Outside the try: a key that cannot be derived is a fault, not a miss.
      const cryptoKey = await aesKey();
      try {
        const plaintext = await globalThis.crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: encoder.encode(key) },
          cryptoKey,
          bytes.subarray(IV_BYTES),
        );
        return decoder.decode(plaintext);
      } catch {
        // An authentication failure is the expected outcome of a wrong key or a corrupt value.
        return undefined;
      }
    },
  };
}

async function deriveAesKey(secret: Uint8Array): Promise<CryptoKey> {
  const material = await globalThis.crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    'HKDF',
    false,
    ['deriveKey'],
  );
  return globalThis.crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT, info: HKDF_INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}
