/** Base64 of the UTF-8 bytes of `text` (as RFC 7617 asks of a Basic pair). */
export function utf8ToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

/** Base64 of `bytes`, with web APIs only (every runtime has them). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: one call with 100,000 arguments would overflow the stack.
  for (let offset = 0; offset < bytes.length; offset += 8192) {
    binary += String.fromCharCode.apply(
      null,
      bytes.subarray(offset, offset + 8192) as unknown as number[],
    );
  }
  return btoa(binary);
}

/** The bytes that Base64 `text` encodes; throws on anything that is not Base64. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
