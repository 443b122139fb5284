import type { WireRequest } from '../wire-request.js';

// Headers the HTTP stack adds on its own; the demo shows what the SDK sends.
const TRANSPORT_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
]);

/** A request as a few readable lines: request line, the SDK's headers, the form body. */
export function formatWire(request: WireRequest): string[] {
  const lines = [`${request.method} ${request.path}`];
  for (const [name, value] of Object.entries(request.headers)) {
    if (!TRANSPORT_HEADERS.has(name.toLowerCase())) lines.push(`  ${name}: ${value}`);
  }
  if (request.form !== undefined) {
    const fields = Object.entries(request.form).map(([name, value]) => `${name}=${value}`);
    lines.push(`  form: ${fields.join('&')}`);
  }
  return lines;
}
