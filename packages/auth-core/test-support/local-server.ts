import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/**
 * A node:http server on 127.0.0.1 with `listener`, closed (connections
 * included) when the current test finishes, pass or fail. Resolves its origin.
 */
export async function serveForThisTest(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** {@link serveForThisTest} answering every request with `reply` once its body has arrived. */
export function replyingServer(
  reply: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>,
): Promise<string> {
  return serveForThisTest((request, response) => {
    request.resume();
    request.on('end', () => void reply(request, response));
  });
}
