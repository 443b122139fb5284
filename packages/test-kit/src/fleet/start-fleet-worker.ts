import { type ChildProcess, fork } from 'node:child_process';
import {
  FLEET_WORKER_ENV,
  type FleetCommand,
  type FleetReport,
  type FleetResult,
  type FleetWorkerConfig,
} from './fleet-protocol.js';

/** One fleet member: a separate Node process running a worker file (see `serveFleetWorker`). */
export interface FleetWorker {
  readonly pid: number;
  /** Has every caller of this process call `getToken()` at once; resolves with what they got. */
  run(callers: number, options?: { invalidateFirst?: boolean }): Promise<FleetResult>;
  /** Forgets the token (in memory and in the store) and has the password provider yield `passwords` in turn. */
  rotate(passwords: string[]): Promise<void>;
  /** Closes the store and lets the process exit; resolves once it did. */
  close(): Promise<void>;
  /** Kills the process without warning (SIGKILL) and waits for it to be gone. */
  kill(): Promise<void>;
  /** Everything the process wrote to stderr so far (also echoed to the test's stderr). */
  stderr(): string;
}

/**
 * Starts `workerPath` (a `.ts` file Node runs with its own type stripping,
 * outside the test runner's loaders) with `config`, and resolves once it is
 * ready. Kill every worker in the test's `afterEach`, even when it fails.
 */
export function startFleetWorker(
  workerPath: string,
  config: FleetWorkerConfig,
): Promise<FleetWorker> {
  const child = fork(workerPath, [], {
    env: { ...process.env, [FLEET_WORKER_ENV]: JSON.stringify(config) },
    // Node strips the worker's types itself; vitest's loaders must not follow it.
    execArgv: [],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const worker = wrap(child, exited, () => stderr);
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`fleet worker exited with ${code} before it was ready:\n${stderr}`));
    child.once('exit', onExit);
    child.once('message', (report: FleetReport) => {
      child.off('exit', onExit);
      if (report.type !== 'ready') {
        void worker.kill();
        reject(new Error(`fleet worker sent ${report.type} before ready`));
        return;
      }
      resolve(worker);
    });
  });
}

function wrap(child: ChildProcess, exited: Promise<void>, stderr: () => string): FleetWorker {
  function request<T extends FleetReport['type']>(
    command: FleetCommand,
    expected: T,
  ): Promise<Extract<FleetReport, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) =>
        reject(
          new Error(`fleet worker ${child.pid} exited (${code ?? signal}) during ${command.type}`),
        );
      const onMessage = (report: FleetReport) => {
        if (report.type === expected) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(report as Extract<FleetReport, { type: T }>);
        }
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(command);
    });
  }
  const alive = () => child.exitCode === null && child.signalCode === null;

  return {
    pid: child.pid ?? -1,
    stderr,
    run(callers, options = {}) {
      return request(
        { type: 'run', callers, ...(options.invalidateFirst ? { invalidateFirst: true } : {}) },
        'result',
      );
    },
    async rotate(passwords) {
      await request({ type: 'rotate', passwords }, 'rotated');
    },
    async close() {
      if (!alive()) {
        return;
      }
      await request({ type: 'close' }, 'closed');
      await exited;
    },
    async kill() {
      if (alive()) {
        child.kill('SIGKILL');
      }
      await exited;
    },
  };
}
