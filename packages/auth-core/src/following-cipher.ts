import { createPayloadCipher, type PayloadCipher } from './payload-cipher.js';

/**
 * A {@link PayloadCipher} whose key follows a credential that may change
 * (`encryptionKey` left to default to a `clientSecret` provider): each
 * operation asks `currentKey` for the value and uses the cipher of that
 * value, kept while it stays the same.
 */
export function createFollowingCipher(
  currentKey: () => Promise<string>,
  product: string,
): PayloadCipher {
  let cached: { key: string; cipher: PayloadCipher } | undefined;
  const cipherNow = async (): Promise<PayloadCipher> => {
    const key = await currentKey();
    if (cached?.key !== key) {
      cached = { key, cipher: createPayloadCipher(key, product) };
    }
    return cached.cipher;
  };
  return {
    async seal(text) {
      return (await cipherNow()).seal(text);
    },
    async decrypt(ciphertext) {
      return (await cipherNow()).decrypt(ciphertext);
    },
  };
}
