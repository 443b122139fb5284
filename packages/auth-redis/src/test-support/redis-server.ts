import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** Where the `redis-server` binary is, or why the Redis suites are skipped. */
export type RedisServerBinary = { path: string } | { missing: string };

/** The `redis-server` a suite runs against, or why the suite is skipped. */
export interface RedisServerLookup {
  /** Why the suite is skipped (already printed), or `undefined` when it runs. */
  readonly skipReason: string | undefined;
  /** Starts a `redis-server` of the suite's own on a free loopback port. */
  startRedisServer(): Promise<RedisServer>;
}

/**
 * Looks `redis-server` up once per suite file. Synchronous, so the suite can
 * pass `skipReason !== undefined` to `describe.skipIf`.
 */
export function lookUpRedisServer(): RedisServerLookup {
  const binary = findRedisServer();
  const skipReason = redisSkipReason(binary);
  const path = 'path' in binary ? binary.path : 'redis-server';
  return { skipReason, startRedisServer: () => startRedisServer(path) };
}

/** Finds `redis-server`: `REDIS_SERVER_BIN` when set, else the first one on `PATH`. */
function findRedisServer(): RedisServerBinary {
  return findBinary('redis-server', 'REDIS_SERVER_BIN', 'redis-server');
}

/**
 * Finds `command`: `variable` when set, else the first one on `PATH`, or
 * says exactly what is missing and how to install it.
 */
export function findBinary(
  command: string,
  variable: string,
  debianPackage: string,
): RedisServerBinary {
  const configured = process.env[variable];
  if (configured !== undefined && configured !== '') {
    return isExecutable(configured)
      ? { path: configured }
      : { missing: `${variable}=${configured} is not an executable file` };
  }
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(directory, command);
    if (directory !== '' && isExecutable(candidate)) {
      return { path: candidate };
    }
  }
  return {
    missing: `${command} is not on PATH and ${variable} is not set (Debian/Ubuntu: apt-get install -y ${debianPackage})`,
  };
}

/** The reason to print when the Redis suites are skipped, or `undefined` when they run. */
function redisSkipReason(binary: RedisServerBinary): string | undefined {
  if ('path' in binary) {
    return undefined;
  }
  const reason = `Skipping @enkash/auth-redis tests against a real Redis: ${binary.missing}.`;
  console.warn(reason);
  return reason;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A `redis-server` child process on a loopback port, without persistence. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, then SIGKILL after a second) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port after `stop()`. */
  restart(): Promise<void>;
}

/** Starts `redis-server` on a free loopback port and resolves once it accepts connections. */
async function startRedisServer(binary: string): Promise<RedisServer> {
  let lastError: unknown;
  // A free port can be taken between probing and binding: try a few.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freePort();
    try {
      let child = await launch(binary, port);
      const server: RedisServer = {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: () => terminate(child),
        async restart() {
          await terminate(child);
          child = await launch(binary, port);
        },
      };
      return server;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error('redis-server did not start', { cause: lastError });
}

/** A loopback port nothing listens on (it may be taken before it is used: retry on failure). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `redis-server` on `port` of 127.0.0.1 without persistence (plus
 * `extraArguments`, in `cwd`) and resolves once it accepts connections.
 */
export function launch(
  binary: string,
  port: number,
  extraArguments: readonly string[] = [],
  cwd?: string,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        ...extraArguments,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd === undefined ? {} : { cwd }) },
    );
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready on port ${port}:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // Keep draining so a chatty server never blocks on a full pipe.
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code} on port ${port}:\n${output}`));
    });
  });
}

/** Stops a server (SIGTERM, then SIGKILL after a second) and waits for it to exit. */
export function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 1_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
