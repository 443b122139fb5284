import { createServer, type Server, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

/** One request as the hostile server read it off the socket. */
export interface HostileRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/**
 * What the server does with one request: it gets the raw socket and may write
 * anything, stall, or stream forever. The server destroys every socket on close.
 */
export type HostileBehaviour = (socket: Socket, request: HostileRequest) => void;

/** A `node:net` server that misbehaves on purpose, one scripted behaviour per request. */
export interface HostileServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request read so far, in order. */
  readonly requests: readonly HostileRequest[];
  /** Queues behaviours, consumed one per request; when none is queued, `fallback` answers. */
  enqueue(...behaviours: HostileBehaviour[]): void;
  /** Answers every request that finds the queue empty (default: a valid camelCase token). */
  fallback: HostileBehaviour;
  close(): Promise<void>;
}

/** Starts a hostile server on 127.0.0.1 and a free port. */
export async function startHostileServer(): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const requests: HostileRequest[] = [];
  const queue: HostileBehaviour[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client that gives up resets the connection; that is expected here.
    socket.on('error', () => undefined);
    readRequest(socket, (request) => {
      requests.push(request);
      (queue.shift() ?? hostile.fallback)(socket, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const hostile: HostileServer = {
    origin: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...behaviours) => {
      queue.push(...behaviours);
    },
    fallback: answerToken(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return hostile;
}

/** Reads one request (head and a Content-Length body), then calls back once. */
function readRequest(socket: Socket, onRequest: (request: HostileRequest) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf('\r\n\r\n');
    if (end === -1) return;
    const [requestLine = '', ...lines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (buffered.length < end + 4 + length) return;
    socket.off('data', onData);
    const [method = '', path = ''] = requestLine.split(' ');
    const body = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
    onRequest({ method, path, headers, body });
  };
  socket.on('data', onData);
}

/** A complete response with `Connection: close`; the socket ends after it. */
export function answer(
  status: number,
  body: string | Buffer = '',
  headers: Record<string, string> = {},
): HostileBehaviour {
  return (socket) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    socket.end(
      Buffer.concat([
        head(status, {
          'Content-Type': 'application/json',
          'Content-Length': String(bytes.length),
          ...headers,
        }),
        bytes,
      ]),
    );
  };
}

/** A camelCase token response (the payouts shape) with the given access token. */
export function answerToken(
  accessToken = 'hostile-token-0001',
  expiresIn = 3600,
): HostileBehaviour {
  return answer(200, JSON.stringify({ accessToken, tokenType: 'bearer', expiresIn }));
}

/** A redirect with an empty body. */
export function redirect(status: number, location: string): HostileBehaviour {
  return answer(status, '', { Location: location });
}

/** Headers and the first bytes of the body, then silence until the client gives up. */
export function stallBody(): HostileBehaviour {
  return (socket) => {
    socket.write(head(200, { 'Content-Type': 'application/json', 'Content-Length': '512' }));
    socket.write('{"accessToken":"stalled-');
  };
}

/**
 * A chunked body that starts like a token and then sends spaces (valid JSON
 * whitespace) until `totalBytes` are out, or forever when it is `Infinity`.
 * `onEnd` learns how many bytes went out and whether the client hung up first.
 */
export function streamBody(
  totalBytes: number,
  onEnd: (result: { sent: number; clientHungUp: boolean }) => void = () => undefined,
): HostileBehaviour {
  return (socket) => {
    socket.write(head(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }));
    const start = JSON.stringify({
      accessToken: 'streamed-token',
      tokenType: 'bearer',
      expiresIn: 3600,
    });
    socket.write(chunk(Buffer.from(start)));
    const spaces = chunk(Buffer.alloc(64 * 1024, ' '));
    let sent = start.length;
    let finished = false;
    const finish = (clientHungUp: boolean) => {
      if (finished) return;
      finished = true;
      onEnd({ sent, clientHungUp });
    };
    socket.on('close', () => finish(true));
    const pump = () => {
      while (!socket.destroyed && sent < totalBytes) {
        sent += 64 * 1024;
        if (!socket.write(spaces)) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!socket.destroyed) {
        finish(false);
        socket.end('0\r\n\r\n');
      }
    };
    pump();
  };
}

/**
 * A gzip body that decodes to a token followed by `decodedBytes` of spaces:
 * many identical gzip members, each a few KB on the wire, decoding to 16 MiB.
 */
export function gzipBomb(decodedBytes: number): HostileBehaviour {
  const start = gzipSync(
    JSON.stringify({ accessToken: 'bomb-token', tokenType: 'bearer', expiresIn: 3600 }),
  );
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024, ' '), { level: 9 });
  const members = Math.ceil(decodedBytes / (16 * 1024 * 1024));
  return (socket) => {
    socket.write(
      head(200, {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
        'Content-Length': String(start.length + member.length * members),
      }),
    );
    socket.write(start);
    let written = 0;
    const pump = () => {
      while (!socket.destroyed && written < members) {
        written += 1;
        if (!socket.write(member)) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!socket.destroyed) socket.end();
    };
    pump();
  };
}

/** Raw bytes as they are, e.g. a response with a broken status line. */
export function rawBytes(bytes: string): HostileBehaviour {
  return (socket) => {
    socket.end(bytes);
  };
}

function head(status: number, headers: Record<string, string>): Buffer {
  const lines = [`HTTP/1.1 ${status} Hostile`, 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

function chunk(bytes: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`${bytes.length.toString(16)}\r\n`),
    bytes,
    Buffer.from('\r\n'),
  ]);
}
