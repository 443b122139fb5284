import { readFile, realpath } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';

/** A URL path prefix (`/auth-core/`) served from a folder on disk. */
export interface StaticFolder {
  prefix: string;
  directory: string;
}

/** What the static server serves: folders of files, and fixed pages by exact path. */
export interface StaticServerOptions {
  folders: readonly StaticFolder[];
  pages?: Readonly<Record<string, string>>;
}

/** A running static server on 127.0.0.1. */
export interface StaticServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every path asked for that was not found, so a test can show what a page missed. */
  readonly missing: readonly string[];
  close(): Promise<void>;
}

// A browser refuses to run a module served with any type other than JavaScript.
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** The file a path names inside `directory`, or `undefined` when it would step outside it. */
async function fileInside(directory: string, relativePath: string): Promise<string | undefined> {
  const root = await realpath(directory);
  const candidate = join(root, decodeURIComponent(relativePath));
  if (!candidate.startsWith(root + sep)) return undefined;
  try {
    const resolved = await realpath(candidate);
    return resolved.startsWith(root + sep) ? resolved : undefined;
  } catch {
    return undefined;
  }
}

interface Answer {
  status: number;
  type: string;
  body: string | Buffer;
}

const PLAIN_TEXT = 'text/plain; charset=utf-8';

function reply(response: ServerResponse, answer: Answer): void {
  response.writeHead(answer.status, {
    'content-type': answer.type,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(answer.body),
  });
  response.end(answer.body);
}

/**
 * Serves files to a browser under test: folders by prefix (the built core,
 * ky, valibot) and a few fixed pages. GET only, no directory listings, nothing
 * outside the given folders.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const missing: string[] = [];
  const resolve = async (path: string): Promise<Answer> => {
    const page = options.pages?.[path];
    if (page !== undefined)
      return { status: 200, type: CONTENT_TYPES['.html'] as string, body: page };
    for (const folder of options.folders) {
      if (!path.startsWith(folder.prefix)) continue;
      const file = await fileInside(folder.directory, path.slice(folder.prefix.length));
      const type = file === undefined ? undefined : CONTENT_TYPES[extname(file)];
      if (file !== undefined && type !== undefined) {
        return { status: 200, type, body: await readFile(file) };
      }
    }
    missing.push(path);
    return { status: 404, type: PLAIN_TEXT, body: `Not found: ${path}` };
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://static.test').pathname;
    if (request.method !== 'GET') {
      reply(response, { status: 405, type: PLAIN_TEXT, body: 'GET only' });
      return;
    }
    resolve(path).then(
      (answer) => reply(response, answer),
      (error: unknown) => reply(response, { status: 500, type: PLAIN_TEXT, body: String(error) }),
    );
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    missing,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
