import { maskForm, maskHeader } from '../mask.js';
import type { WireRequest } from '../wire-request.js';

/** A `fetch` that keeps a masked copy of every request it sends. */
export interface WireRecorder {
  fetch: typeof globalThis.fetch;
  requests(): WireRequest[];
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

async function describe(request: Request, alsoMask: readonly string[]): Promise<WireRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = maskHeader(name, value);
  });
  const url = new URL(request.url);
  const entry: WireRequest = { method: request.method, path: url.pathname + url.search, headers };
  if (request.headers.get('content-type')?.startsWith(FORM_TYPE) === true) {
    entry.form = maskForm(await request.clone().text(), alsoMask);
  }
  return entry;
}

/**
 * Records what goes on the wire to a real EnKash environment, where there is no
 * sandbox log to read. Masking happens before the entry is kept, so no secret
 * is ever held by the log. `alsoMask` names form fields to hide as well.
 */
export function createWireRecorder(
  alsoMask: readonly string[] = [],
  transport: typeof globalThis.fetch = globalThis.fetch,
): WireRecorder {
  const log: WireRequest[] = [];
  const recorder: WireRecorder = {
    async fetch(input, init) {
      const request = new Request(input, init);
      log.push(await describe(request, alsoMask));
      return transport(request);
    },
    requests: () => [...log],
  };
  return recorder;
}
