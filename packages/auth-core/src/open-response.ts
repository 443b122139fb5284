import type { PayloadCipher } from './payload-cipher.js';

/** A JSON media type, parameters allowed: the bodies that are sealed and opened. */
export const JSON_TYPE = /^application\/json\s*(;|$)/i;

// Stateless between calls: `decode` without `stream` starts afresh each time.
const decoder = new TextDecoder();

/**
 * A JSON response whose body is an object with a string `request` comes back
 * as its decrypted JSON; any other body passes through unchanged, byte for
 * byte, with the response's own status, status text and headers. Either way
 * the body is the decoded one: a `Content-Encoding` (and the length that went
 * with it) is dropped, so the response can be forwarded as it is.
 */
export async function openResponse(response: Response, cipher: PayloadCipher): Promise<Response> {
  // No body (HEAD, 204, 304): nothing to open, and those statuses may not be given one.
  if (response.body === null || !JSON_TYPE.test(response.headers.get('content-type') ?? '')) {
    return response;
  }
  // A Response takes a Uint8Array for its body faster than an ArrayBuffer (measured in Node).
  const bytes = new Uint8Array(await response.arrayBuffer());
  const sealed = sealedPayloadOf(decoder.decode(bytes));
  const rebuilt = new Response(
    sealed === undefined ? bytes : JSON.stringify(await cipher.decrypt(sealed)),
    response,
  );
  // fetch has already undone gzip or br, and an opened body has a length of its own: headers
  // that describe the bytes on the wire would mislead whoever forwards this response.
  if (sealed !== undefined || response.headers.has('content-encoding')) {
    rebuilt.headers.delete('content-encoding');
    rebuilt.headers.delete('content-length');
  }
  return rebuilt;
}

/**
 * The `request` string of an envelope, or `undefined`. Only a JSON object
 * whose text says `request` (or escapes a character, which could spell it)
 * can be one: any other body, however large, is passed over unparsed.
 */
function sealedPayloadOf(text: string): string | undefined {
  // Cheap tests that only ever rule out: JSON.parse has the last word.
  if (!/^\s*\{/.test(text) || !/request|\\u/.test(text)) return undefined;
  try {
    const sealed: unknown = JSON.parse(text).request;
    return typeof sealed === 'string' ? sealed : undefined;
  } catch {
    // A gateway's page labelled JSON is the caller's to read.
    return undefined;
  }
}
