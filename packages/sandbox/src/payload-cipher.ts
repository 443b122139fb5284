import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

/**
 * EnKash's payload cipher as its own Node sample writes it: AES-128-ECB,
 * PKCS#7, key = the first 16 bytes of SHA-256(secret), Base64. The sandbox
 * uses node:crypto on purpose, so it checks the SDK's WebCrypto build
 * against an independent implementation.
 */
function keyOf(secret: string): Buffer {
  return createHash('sha256').update(secret).digest().subarray(0, 16);
}

/** Encrypts text to Base64. */
export function sealText(text: string, secret: string): string {
  const cipher = createCipheriv('aes-128-ecb', keyOf(secret), null);
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
}

/** Decrypts Base64 to its JSON value; `undefined` when it is not Base64 AES under this secret or not JSON. */
export function openJson(ciphertext: string, secret: string): { value: unknown } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext)) return undefined;
  try {
    const decipher = createDecipheriv('aes-128-ecb', keyOf(secret), null);
    const plain = Buffer.concat([decipher.update(ciphertext, 'base64'), decipher.final()]);
    return { value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain)) };
  } catch {
    return undefined;
  }
}
