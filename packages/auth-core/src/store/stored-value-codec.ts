import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { base64ToBytes, bytesToBase64 } from '../util/base64.js';

/**
 * How a `TokenStore` keeps the values the core hands it (`set`) at rest:
 * sealed with AES-256-GCM when the store was given an encryption key, as they
 * are otherwise. Values written by `compareAndSet` never go through it.
 */
export interface StoredValueCodec {
  /** Whether values are sealed (an encryption key was given). */
  readonly encrypts: boolean;
  /** The form to store `value` in under `key`. */
  encode(value: string, key: string): Promise<string>;
  /**
   * The value `stored` under `key` holds, or `undefined` when it is none this
   * codec can read: sealed under another key or store key, corrupt, plaintext
   * where a sealed value was expected, or sealed while this codec has no key.
   */
  decode(stored: string, key: string): Promise<string | undefined>;
}

/** Settings of {@link createStoredValueCodec}. */
export interface StoredValueCodecSettings {
  /**
   * The store's `encryptionKey` option as given: a string (UTF-8) or bytes of
   * at least 16 bytes, or `undefined` for no encryption.
   */
  encryptionKey: unknown;
  /**
   * Short name of the store (`redis`, `sqlite`): the `product` of a `CONFIG`
   * error, and the HKDF salt `@enkash/auth-<store>`, so one secret gives each
   * kind of store its own AES key.
   */
  store: string;
}

/**
 * Marks a sealed value (format version 1). A store without an encryption key
 * reads values carrying it as a miss, so ciphertext never reaches the core.
 */
export const SEALED_VALUE_PREFIX = 'enkash-aes256gcm-v1:';

const MINIMUM_KEY_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = new TextEncoder().encode('token value encryption, AES-256-GCM, v1');
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The codec of a store's `encryptionKey` option, for authors of a
 * `TokenStore` (`@enkash/auth-redis` and `@enkash/auth-sqlite` use it).
 * Throws an `EnkashAuthError` with code `CONFIG` (and the store's name as
 * `product`) for a key that is not a string or bytes, or is shorter than 16
 * bytes; the message never echoes the key.
 *
 * With a key, values are sealed with AES-256-GCM through WebCrypto: the AES
 * key is derived from `encryptionKey` with HKDF-SHA-256 (fixed salt and info),
 * so the key must already be high-entropy, such as 32 random bytes (HKDF does
 * not stretch a weak passphrase). Each value gets a random 96-bit IV, and the
 * store key is the additional authenticated data, so a value copied under
 * another key fails to open. Stored form:
 * `enkash-aes256gcm-v1:<base64 of IV, ciphertext and tag>`.
 *
 * @example
 * ```ts
 * const codec = createStoredValueCodec({ encryptionKey: options.encryptionKey, store: 'redis' });
 * const stored = await codec.encode(value, key); // sealed when a key was given
 * const value = await codec.decode(stored, key); // undefined when it does not open
 * ```
 */
export function createStoredValueCodec(settings: StoredValueCodecSettings): StoredValueCodec {
  const secret = encryptionKeyBytes(settings.encryptionKey, settings.store);
  if (secret === undefined) {
    return {
      encrypts: false,
      async encode(value) {
        return value;
      },
      async decode(stored) {
        // Ciphertext from an encrypting process is a miss here, never a value.
        return stored.startsWith(SEALED_VALUE_PREFIX) ? undefined : stored;
      },
    };
  }
  const salt = encoder.encode(`@enkash/auth-${settings.store}`);
  let derived: Promise<CryptoKey> | undefined;
  const aesKey = () => {
    derived ??= deriveAesKey(secret, salt);
    return derived;
  };
  return {
    encrypts: true,
    async encode(value, key) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const ciphertext = await globalThis.crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(key) },
        await aesKey(),
        encoder.encode(value),
      );
      const sealed = new Uint8Array(IV_BYTES + ciphertext.byteLength);
      sealed.set(iv);
      sealed.set(new Uint8Array(ciphertext), IV_BYTES);
      return `${SEALED_VALUE_PREFIX}${bytesToBase64(sealed)}`;
    },
    async decode(stored, key) {
      const bytes = sealedBytes(stored);
      if (bytes === undefined) {
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

/** The IV, ciphertext and tag of a sealed value, or `undefined` when `stored` is none. */
function sealedBytes(stored: string): Uint8Array<ArrayBuffer> | undefined {
  if (!stored.startsWith(SEALED_VALUE_PREFIX)) {
    return undefined;
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64ToBytes(stored.slice(SEALED_VALUE_PREFIX.length));
  } catch {
    return undefined;
  }
  return bytes.byteLength < IV_BYTES + TAG_BYTES ? undefined : bytes;
}

function encryptionKeyBytes(encryptionKey: unknown, store: string): Uint8Array | undefined {
  if (encryptionKey === undefined) {
    return undefined;
  }
  let bytes: Uint8Array;
  if (typeof encryptionKey === 'string') {
    bytes = encoder.encode(encryptionKey);
  } else if (encryptionKey instanceof Uint8Array) {
    // A copy: a caller that later clears or reuses its buffer changes nothing here.
    bytes = new Uint8Array(encryptionKey);
  } else {
    throw configError('`encryptionKey` must be a string or a Uint8Array.', store);
  }
  if (bytes.byteLength < MINIMUM_KEY_BYTES) {
    throw configError(
      `\`encryptionKey\` must be at least ${MINIMUM_KEY_BYTES} bytes; use 32 random bytes.`,
      store,
    );
  }
  return bytes;
}

async function deriveAesKey(secret: Uint8Array, salt: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const material = await globalThis.crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    'HKDF',
    false,
    ['deriveKey'],
  );
  return globalThis.crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: HKDF_INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

function configError(message: string, store: string): EnkashAuthError {
  return new EnkashAuthError(message, { code: 'CONFIG', product: store });
}
