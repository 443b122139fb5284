/** The identity a store key is derived from. The password is deliberately absent. */
export interface StoreKeyIdentity {
  /** Short product name (`payouts`, `cards`, ...). */
  product: string;
  /** The product base URL as configured. */
  baseUrl: string;
  /** The OAuth client id. */
  clientId: string;
  /** The EnKash user. */
  username: string;
}

const encoder = new TextEncoder();

/**
 * Derives the store key of one credential set: `enkash:<product>:<hex>` where
 * `<hex>` is the SHA-256 (WebCrypto) of product, baseUrl, clientId and
 * username. A store therefore never sees a username or client id, and a
 * password change keeps the same key (so the lockout count survives it until
 * `resetLockout()`).
 *
 * @example
 * ```ts
 * const key = await deriveStoreKey({ product: 'payouts', baseUrl, clientId, username });
 * // 'enkash:payouts:3f1c…'
 * ```
 */
export async function deriveStoreKey(identity: StoreKeyIdentity): Promise<string> {
  // JSON keeps the fields unambiguous: no separator can be smuggled into one.
  const material = JSON.stringify([
    identity.product,
    identity.baseUrl,
    identity.clientId,
    identity.username,
  ]);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(material));
  let hex = '';
  for (const byte of new Uint8Array(digest)) {
    hex += byte.toString(16).padStart(2, '0');
  }
  return `enkash:${identity.product}:${hex}`;
}
