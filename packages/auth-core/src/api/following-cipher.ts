import type { PayloadKeySource } from '../credentials/credentials.js';
import { createPayloadCipher, type PayloadCipher } from './payload-cipher.js';

/**
 * A {@link PayloadCipher} whose key follows a credential that may change
 * (`encryptionKey` left to default to a `clientSecret` provider): each
 * operation asks `source` for the value and uses the cipher of that value,
 * kept while it stays the same. After EnKash refuses a payload,
 * `readKeyAgain()` asks the provider anew, so a rotated secret costs one 400.
 */
export function createFollowingCipher(source: PayloadKeySource, product: string): PayloadCipher {
  let cached: { key: string; cipher: PayloadCipher } | undefined;
  const cipherOf = (key: string): PayloadCipher => {
    if (cached?.key !== key) {
      cached = { key, cipher: createPayloadCipher(key, product) };
    }
    return cached.cipher;
  };
  return {
    async seal(text) {
      return cipherOf(await source.current()).seal(text);
    },
    async decrypt(ciphertext) {
      return cipherOf(await source.current()).decrypt(ciphertext);
    },
    async readKeyAgain() {
      const before = cached?.key;
      const key = await source.again();
      cipherOf(key);
      return key !== before;
    },
  };
}
