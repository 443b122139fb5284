import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

// EnKash's own Node sample: SHA-256 → first 16 bytes → aes-128-ecb (PKCS#7)
// → Base64. node:crypto, independent of the SDK: the reference tests check against.

/** The payload key of `secret`. */
export function nodeKey(secret: string): Buffer {
  return createHash('sha256').update(secret).digest().subarray(0, 16);
}

/** Encrypts `text` under `secret` to Base64. */
export function nodeSeal(text: string, secret: string): string {
  const cipher = createCipheriv('aes-128-ecb', nodeKey(secret), null);
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
}

/** Decrypts Base64 `ciphertext` under `secret` to text. */
export function nodeOpen(ciphertext: string, secret: string): string {
  const decipher = createDecipheriv('aes-128-ecb', nodeKey(secret), null);
  return Buffer.concat([decipher.update(ciphertext, 'base64'), decipher.final()]).toString('utf8');
}
