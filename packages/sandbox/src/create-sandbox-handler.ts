import type { SandboxProduct } from './products.js';
import type { SandboxControl } from './sandbox-control.js';
import { createSandboxEngine } from './sandbox-engine.js';
import type { SandboxOptions } from './sandbox-options.js';
import type { SandboxReply } from './sandbox-request.js';

/** The sandbox as a fetch-style handler, with the control API attached. */
export interface SandboxHandler extends SandboxControl {
  /** Answers a request in-process; only the URL's path matters, not its host. */
  (request: Request): Promise<Response>;
  /**
   * A loopback base URL for the product (`http://localhost/<product>`, under `/reset-<n>` after
   * the n-th `reset()`, as a started sandbox's `baseUrl()`), to pass as `baseUrl` with a `fetch`
   * that calls this handler.
   */
  baseUrl(product: SandboxProduct): string;
  /** Ends pending delays and hangs (they reject); the handler must not be used afterwards. */
  close(): void;
}

/** What undici's fetch throws when the peer resets the connection, so clients see the same error in-process. */
function resetError(): TypeError {
  const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  return new TypeError('fetch failed', { cause });
}

function hang(request: Request, closed: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const giveUp = (signal: AbortSignal): void => {
      reject(signal === request.signal ? request.signal.reason : resetError());
    };
    if (request.signal.aborted) giveUp(request.signal);
    if (closed.aborted) giveUp(closed);
    request.signal.addEventListener('abort', () => giveUp(request.signal), { once: true });
    closed.addEventListener('abort', () => giveUp(closed), { once: true });
  });
}

function toResponse(reply: Extract<SandboxReply, { kind: 'response' }>): Response {
  const nullBody = reply.status === 204 || reply.status === 304;
  return new Response(nullBody ? null : reply.body, {
    status: reply.status,
    headers: reply.headers,
  });
}

/**
 * Creates the sandbox as an in-process fetch handler: no port, no socket. A
 * `reset` fault rejects like a reset connection does in fetch; a `hang` waits
 * until the request's signal aborts or the handler closes.
 *
 * @example
 * ```ts
 * const handler = createSandboxHandler();
 * const auth = createPayoutsAuth({
 *   baseUrl: handler.baseUrl('payouts'),
 *   ...handler.users.payouts,
 *   fetch: (input, init) => handler(new Request(input, init)),
 * });
 * ```
 */
export function createSandboxHandler(options: SandboxOptions = {}): SandboxHandler {
  const engine = createSandboxEngine(options);
  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const reply = await engine.handle({
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers,
      body: await request.text(),
    });
    if (reply.kind === 'hang') return hang(request, engine.closed);
    if (reply.kind === 'reset') throw resetError();
    return toResponse(reply);
  };
  return Object.assign(handler, engine.control, {
    baseUrl: (product: SandboxProduct) => `http://localhost${engine.basePath(product)}`,
    close: () => engine.close(),
  });
}
