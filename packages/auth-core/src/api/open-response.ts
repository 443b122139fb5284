import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { AnswerDeadline } from './answer-deadline.js';
import type { PayloadCipher } from './payload-cipher.js';

/** A JSON media type, parameters allowed: the bodies that are sealed and opened. */
export const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** What opening an answer needs besides the cipher. */
export interface OpeningLimits {
  product: string;
  /** `maxResponseBytes`: the most read of one answer. */
  maxResponseBytes: number;
  /** The answer's deadline; every read waits on it. */
  deadline: AnswerDeadline;
}

/**
 * A JSON response whose body is an object with a string `request` comes back
 * as its decrypted JSON; when the object has fields beside `request`, it comes
 * back whole with `request` decrypted in place. Any other body passes through
 * unchanged, byte for byte, with the response's own status, status text and
 * headers: one that is no JSON object at all as it streams, from its first
 * bytes. A body is read within the deadline (`TIMEOUT`) and up to
 * `maxResponseBytes` (past it, `PAYLOAD`). An answer whose status is not 2xx
 * keeps its HTTP meaning: unless it is an envelope that opens, it is handed
 * on as it came, never `PAYLOAD`. A rebuilt body is the decoded one: a
 * `Content-Encoding` (and the length that went with it) is dropped, so the
 * response can be forwarded as it is.
 */
export async function openResponse(
  response: Response,
  cipher: PayloadCipher,
  limits: OpeningLimits,
): Promise<Response> {
  const { body, ok } = response;
  // No body (HEAD, 204, 304): nothing to open, and those statuses may not be given one.
  if (body === null || !JSON_TYPE.test(response.headers.get('content-type') ?? '')) {
    return response;
  }
  const { maxResponseBytes, deadline } = limits;
  if (Number(response.headers.get('content-length')) > maxResponseBytes) {
    if (!ok) return response;
    body.cancel().catch(() => undefined);
    throw tooLarge(limits);
  }
  const reader = body.getReader();
  // One race for the whole read: a custom fetch whose body ignores its signal is bounded too.
  try {
    return await deadline.race(readAndOpen(response, reader, cipher, limits));
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw deadline.expired ? deadline.error() : error;
  }
}

/** Reads the body up to the limit, and opens it if it is an envelope (see {@link openResponse}). */
async function readAndOpen(
  response: Response,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  cipher: PayloadCipher,
  limits: OpeningLimits,
): Promise<Response> {
  const { ok } = response;
  // Decodes as the chunks come (a leading byte order mark dropped, as fetch's text() does).
  const decoder = new TextDecoder();
  const chunks: Uint8Array[] = [];
  let text = '';
  let length = 0;
  let isObject: boolean | undefined;
  for (;;) {
    const read = await reader.read();
    // Cancelled by the deadline: what came so far is no answer.
    if (limits.deadline.expired) throw limits.deadline.error();
    if (read.done) break;
    const { value } = read;
    const piece = decoder.decode(value, { stream: true });
    text += piece;
    if (isObject === undefined) {
      // Judged at the first character that is not JSON whitespace (all before it was).
      const first = /[^ \t\n\r]/.exec(piece);
      if (first) isObject = first[0] === '{';
    }
    chunks.push(value);
    length += value.byteLength;
    // Not an object: no envelope. The caller reads the rest as it comes.
    if (isObject === false) return rebuilt(response, replay(chunks, reader));
    if (length > limits.maxResponseBytes) {
      if (!ok) return rebuilt(response, replay(chunks, reader));
      throw tooLarge(limits);
    }
  }
  // A Response takes a Uint8Array for its body faster than an ArrayBuffer (measured in Node).
  const bytes = (
    chunks.length === 1 ? chunks[0] : concatenate(chunks, length)
  ) as Uint8Array<ArrayBuffer>;
  const envelope = envelopeOf(text + decoder.decode());
  if (envelope === undefined) return rebuilt(response, bytes);
  let opened: unknown;
  try {
    opened = await cipher.decrypt(envelope.request as string);
  } catch (error) {
    if (!ok) return rebuilt(response, bytes);
    throw error;
  }
  let value = opened;
  for (const key in envelope) {
    if (key !== 'request') {
      // Fields beside `request` are EnKash's too: the object stays whole, `request` opened.
      envelope.request = opened;
      value = envelope;
      break;
    }
  }
  return rebuilt(response, JSON.stringify(value), true);
}

/**
 * The response again with `body` in place of its own. A body that is not
 * the bytes fetch handed over, or whose bytes were decoded from a
 * `Content-Encoding`, loses the headers that describe the wire.
 */
function rebuilt(response: Response, body: BodyInit, opened = false): Response {
  const copy = new Response(body, response);
  if (opened || response.headers.has('content-encoding')) {
    copy.headers.delete('content-encoding');
    copy.headers.delete('content-length');
  }
  return copy;
}

/** A stream of the chunks already read, then the rest of the body as it comes. */
function replay(
  chunks: Uint8Array[],
  reader: ReadableStreamDefaultReader<Uint8Array>,
): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const chunk = chunks.shift();
      if (chunk !== undefined) return controller.enqueue(chunk);
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function concatenate(chunks: readonly Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge({ product, maxResponseBytes }: OpeningLimits): EnkashAuthError {
  return new EnkashAuthError(
    `The ${product} API sent an answer larger than ${maxResponseBytes} bytes (maxResponseBytes); it was not read further.`,
    { code: 'PAYLOAD', product },
  );
}

/**
 * The parsed envelope, an object with a string `request`, or `undefined`.
 * Only a JSON object whose text says `request` (or escapes a character,
 * which could spell it) can be one: any other body, however large, is
 * passed over unparsed.
 */
function envelopeOf(text: string): Record<string, unknown> | undefined {
  // Cheap tests that only ever rule out: JSON.parse has the last word.
  if (!/^\s*\{/.test(text) || !/request|\\u/.test(text)) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    const envelope = parsed as Record<string, unknown>;
    return typeof envelope.request === 'string' ? envelope : undefined;
  } catch {
    // A gateway's page labelled JSON is the caller's to read.
    return undefined;
  }
}
