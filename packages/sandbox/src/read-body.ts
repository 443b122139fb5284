import type { IncomingMessage } from 'node:http';

/** A token request body is a few hundred bytes; anything this large is refused rather than buffered. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a request body as UTF-8 text; resolves `undefined` when it exceeds {@link MAX_BODY_BYTES}. */
export async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
