/** Base64 of the UTF-8 bytes of `text` (as RFC 7617 asks of a Basic pair), with web APIs only (every runtime has them). */
export function utf8ToBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}
