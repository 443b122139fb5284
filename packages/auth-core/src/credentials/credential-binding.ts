import type { TokenCredentials } from './token-wire-request.js';

const encoder = new TextEncoder();

/**
 * The binding of a token to the credentials that obtained it: HMAC-SHA-256,
 * keyed with the client secret, over the password, the Basic pair when it is
 * not `clientId:clientSecret`, and the product's credential headers (cards
 * `Cookie`, expense `API-Key`), as unpadded base64url.
 *
 * A token is served only to an auth whose credentials give the same binding,
 * so knowing another tenant's username is not enough to be handed its token.
 * The binding goes into the store beside the token; it is not the value of
 * any credential, and without the client secret nothing in it can be tested
 * against a guessed password.
 *
 * @example
 * ```ts
 * const binding = await bindingOf(credentials); // 'q3vN…' (43 characters)
 * ```
 */
export async function bindingOf(credentials: TokenCredentials): Promise<string> {
  const { clientSecret, password, basicAuth, productHeaders } = credentials;
  // JSON keeps the fields apart: no separator can be smuggled into one.
  const material = JSON.stringify([
    password,
    basicAuth?.id ?? null,
    basicAuth?.secret ?? null,
    Object.entries(productHeaders).sort(([left], [right]) => (left < right ? -1 : 1)),
  ]);
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(clientSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = new Uint8Array(
    await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(material)),
  );
  let binary = '';
  for (const byte of signature) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
