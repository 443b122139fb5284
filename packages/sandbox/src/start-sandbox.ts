import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CORS_HEADERS } from './cors.js';
import { isLoopbackHost } from './is-loopback-host.js';
import type { SandboxProduct } from './products.js';
import { readBody } from './read-body.js';
import type { SandboxControl } from './sandbox-control.js';
import { createSandboxEngine, type SandboxEngine } from './sandbox-engine.js';
import type { StartSandboxOptions } from './sandbox-options.js';
import type { SandboxReply } from './sandbox-request.js';

/** A running sandbox server: its address, the control API and `close()`. */
export interface Sandbox extends SandboxControl {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /**
   * A product's base URL, to pass as the product factory's `baseUrl`: `${url}/${product}` until
   * the first `reset()`, then `${url}/reset-<n>/${product}` after the n-th. An SDK keeps one
   * token and one lockout count per base URL (and credentials) for the life of the process, so
   * an auth created after a reset starts as in a fresh process. Every base URL handed out stays
   * served.
   */
  baseUrl(product: SandboxProduct): string;
  /** Stops the server: ends hanging and delayed requests and every open connection. */
  close(): Promise<void>;
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function send(request: IncomingMessage, response: ServerResponse, reply: SandboxReply): void {
  if (reply.kind === 'hang') return;
  if (reply.kind === 'reset') {
    // resetAndDestroy sends a TCP RST, which clients see as ECONNRESET rather than a clean close.
    const socket = request.socket as typeof request.socket & { resetAndDestroy?: () => void };
    if (socket.resetAndDestroy !== undefined) socket.resetAndDestroy();
    else socket.destroy();
    return;
  }
  response.writeHead(reply.status, {
    ...reply.headers,
    'content-length': Buffer.byteLength(reply.body),
  });
  response.end(reply.body);
}

async function serve(
  engine: SandboxEngine,
  cors: boolean,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  if (body === undefined) {
    response.writeHead(413, { connection: 'close', ...(cors ? CORS_HEADERS : {}) }).end();
    return;
  }
  const reply = await engine.handle({
    method: request.method ?? 'GET',
    path: request.url ?? '/',
    headers: headersOf(request),
    body,
  });
  send(request, response, reply);
}

function listenAddress(options: StartSandboxOptions): { host: string; port: number } {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(
      `Sandbox option port must be an integer from 0 to 65535, got ${String(port)}`,
    );
  }
  if (!isLoopbackHost(host) && options.allowNonLoopback !== true) {
    throw new TypeError(
      `The sandbox refuses to listen on non-loopback host ${host}: it accepts demo credentials. Pass allowNonLoopback: true to do it anyway.`,
    );
  }
  return { host, port };
}

/**
 * Starts the sandbox on 127.0.0.1 and a free port (by default) over real HTTP.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox();
 * const auth = createPayoutsAuth({ baseUrl: sandbox.baseUrl('payouts'), ...sandbox.users.payouts });
 * await auth.getToken();
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const { host, port } = listenAddress(options);
  const engine = createSandboxEngine(options);
  const server = createServer((request, response) => {
    serve(engine, options.cors === true, request, response).catch(() => {
      request.socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    ...engine.control,
    url,
    port: address.port,
    baseUrl: (product: SandboxProduct) => `${url}${engine.basePath(product)}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        engine.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
