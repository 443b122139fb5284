/**
 * Reads a response body as UTF-8 text, at most `limit` bytes after
 * decoding: fetch undoes `Content-Encoding: gzip` before the SDK sees a
 * byte, so a small compressed body may decode to gigabytes. Past the limit
 * (or when `Content-Length` already says so) the body is cancelled, which
 * closes the connection, and the answer is `undefined`.
 */
export async function readCappedBody(
  response: Response,
  limit: number,
): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const body = response.body;
  if (declared > limit) {
    body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (body === null) {
    return '';
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      return text + decoder.decode();
    }
    bytes += value.byteLength;
    if (bytes > limit) {
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}
