import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureRuntime } from '../lib/runtimes.mjs';
import { repositoryRoot } from './consumer-projects.js';
import { nodeBinaries } from './node-versions.js';

// Node 22, Node 24, Bun, Deno and workerd each run scenario/scenario.mjs, with the tarballs as npm
// installed them, against one sandbox per runtime on 127.0.0.1. A runtime that cannot be fetched
// here is reported as skipped, with the reason, for every step.

const { fresh } = inject('consumers');
const scenarioSource = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scenario');
const paths = { root: repositoryRoot, tools: path.join(repositoryRoot, '.tools') };
// Ends a runtime that neither answers nor exits: far above what the scenario takes (well under a
// second on a quiet machine), so a busy machine never trips it.
const RUNTIME_DEADLINE_MS = 90_000;

interface StepResult {
  name: string;
  expected: unknown;
  observed?: unknown;
  error?: string;
}

interface SandboxLike {
  baseUrl(product: 'payouts'): string;
  users: {
    payouts: { clientId: string; clientSecret: string; username: string; password: string };
  };
  counters(product: 'payouts'): { tokenRequests: number; pings: number };
  isLocked(product: 'payouts', username: string): boolean;
  close(): Promise<void>;
}

/** A runtime of the matrix: how to run the scenario folder, or why it cannot run here. */
interface Runtime {
  label: string;
  skipped?: string;
  run?: (folder: string) => Promise<StepResult[]>;
}

interface Fetched {
  version?: string;
  directory?: string;
  executable?: string;
  skipped?: string;
}

/** A runtime that runs `run-scenario.mjs` as a process, or is skipped with the reason. */
function processRuntime(name: string, fetched: Fetched, args: readonly string[]): Runtime {
  const { executable, version } = fetched;
  if (executable === undefined) return { label: name, skipped: fetched.skipped ?? 'not found' };
  return {
    label: `${name} ${version}`,
    run: (folder) => resultsOfProcess(executable, [...args, 'run-scenario.mjs'], folder),
  };
}

function runtimes(): Runtime[] {
  const fetched = (name: string) => ensureRuntime(name, paths) as Fetched;
  const nodes = nodeBinaries().map((node) =>
    processRuntime('Node', { executable: node.executable, version: node.label.slice(5) }, []),
  );
  const workerd = fetched('workerd');
  const esbuild = fetched('esbuild');
  const { executable: workerdExecutable } = workerd;
  const { directory: esbuildDirectory } = esbuild;
  return [
    ...nodes,
    processRuntime('Bun', fetched('bun'), []),
    processRuntime('Deno', fetched('deno'), [
      'run',
      '--no-lock',
      '--no-prompt',
      '--allow-net=127.0.0.1',
      '--allow-read',
    ]),
    workerdExecutable !== undefined && esbuildDirectory !== undefined
      ? {
          label: `workerd ${workerd.version}`,
          run: (folder) => resultsOfWorker(workerdExecutable, esbuildDirectory, folder),
        }
      : { label: 'workerd', skipped: workerd.skipped ?? esbuild.skipped ?? 'not found' },
  ];
}

const children = new Set<ChildProcess>();

function start(
  command: string,
  args: readonly string[],
  folder: string,
  extraStdio: 'pipe' | 'ignore' = 'ignore',
) {
  const child = spawn(command, args, {
    cwd: folder,
    stdio: ['ignore', 'pipe', 'pipe', extraStdio],
    env: {
      ...process.env,
      NO_COLOR: '1',
      DENO_DIR: path.join(paths.tools, 'cache', 'deno'),
      DENO_NO_UPDATE_CHECK: '1',
      BUN_INSTALL_CACHE_DIR: path.join(paths.tools, 'cache', 'bun'),
      DO_NOT_TRACK: '1',
    },
  });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      output += String(error);
      resolve(null);
    });
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    });
  });
  const deadline = setTimeout(() => child.kill('SIGKILL'), RUNTIME_DEADLINE_MS);
  exited.finally(() => clearTimeout(deadline));
  return { child, exited, output: () => output };
}

/** Runs a runtime that prints `SCENARIO <json>` and must then exit on its own. */
async function resultsOfProcess(command: string, args: readonly string[], folder: string) {
  const process_ = start(command, args, folder);
  const code = await process_.exited;
  const line = process_
    .output()
    .split('\n')
    .find((text) => text.startsWith('SCENARIO '));
  if (code !== 0 || line === undefined) {
    throw new Error(`exit ${code ?? 'killed (did not end by itself)'}:\n${process_.output()}`);
  }
  return JSON.parse(line.slice('SCENARIO '.length)) as StepResult[];
}

/** Bundles worker.mjs as wrangler would, serves it with workerd and asks it to run the scenario. */
async function resultsOfWorker(workerd: string, esbuildDirectory: string, folder: string) {
  const esbuild = (await import(
    pathToFileURL(path.join(esbuildDirectory, 'lib', 'main.js')).href
  )) as {
    build(options: Record<string, unknown>): Promise<unknown>;
  };
  await esbuild.build({
    entryPoints: [path.join(folder, 'worker.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    outfile: path.join(folder, 'worker.bundle.mjs'),
    logLevel: 'error',
  });
  writeFileSync(
    path.join(folder, 'config.capnp'),
    [
      'using Workerd = import "/workerd/workerd.capnp";',
      'const config :Workerd.Config = (',
      '  services = [',
      '    (name = "main", worker = .worker),',
      // The sandbox and the probe listen on 127.0.0.1, which a Worker may not reach by default.
      '    (name = "loopback", network = (allow = ["public", "private", "local"])),',
      '  ],',
      '  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],',
      ');',
      'const worker :Workerd.Worker = (',
      '  modules = [ (name = "worker", esModule = embed "worker.bundle.mjs") ],',
      '  compatibilityDate = "2025-09-01",',
      '  globalOutbound = "loopback",',
      ');',
      '',
    ].join('\n'),
  );
  const server = start(workerd, ['serve', 'config.capnp', '--control-fd=3'], folder, 'pipe');
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let control = '';
      const control_ = server.child.stdio[3] as NodeJS.ReadableStream | null;
      control_?.on('data', (chunk) => {
        control += String(chunk);
        const listening = control
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as { event: string; socket?: string; port?: number })
          .find((event) => event.event === 'listen' && event.socket === 'http');
        if (listening?.port !== undefined) resolve(listening.port);
      });
      server.exited.then((code) =>
        reject(new Error(`workerd exited (${code}):\n${server.output()}`)),
      );
    });
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      signal: AbortSignal.timeout(RUNTIME_DEADLINE_MS),
    });
    if (!response.ok) {
      throw new Error(
        `the Worker answered ${response.status}: ${await response.text()}\n${server.output()}`,
      );
    }
    return (await response.json()) as StepResult[];
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

/** A loopback server that tells the scenario the sandbox's counters for the payouts user. */
async function startProbe(sandbox: SandboxLike): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    const { tokenRequests, pings } = sandbox.counters('payouts');
    const locked = sandbox.isLocked('payouts', sandbox.users.payouts.username);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ tokenRequests, pings, locked }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/**
 * The step names, read from the scenario itself (a new step needs no change here). It is imported
 * from a copy inside the fresh project, where `@enkash/payouts` resolves to the installed tarball.
 */
async function stepNames(): Promise<string[]> {
  const folder = path.join(fresh.directory, 'matrix', 'step-names');
  cpSync(scenarioSource, folder, { recursive: true });
  const { createScenario } = (await import(
    pathToFileURL(path.join(folder, 'scenario.mjs')).href
  )) as { createScenario: (config: unknown) => { steps: Array<{ name: string }> } };
  const user = { clientId: 'id', clientSecret: 'secret', username: 'user', password: 'password' };
  return createScenario({ baseUrl: 'https://example.invalid', user, probeUrl: '' }).steps.map(
    (step) => step.name,
  );
}

const names = await stepNames();

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

const matrix = runtimes();

for (const runtime of matrix) {
  describe(`${runtime.label} runs the portable scenario`, () => {
    let results: StepResult[] = [];
    let failure: unknown;
    let sandbox: SandboxLike | undefined;
    let probe: Server | undefined;

    beforeAll(async () => {
      if (runtime.run === undefined) return;
      const { startSandbox } = (await import(
        pathToFileURL(
          path.join(fresh.directory, 'node_modules', '@enkash', 'sandbox', 'dist', 'index.js'),
        ).href
      )) as { startSandbox: () => Promise<SandboxLike> };
      sandbox = await startSandbox();
      const started = await startProbe(sandbox);
      probe = started.server;
      const folder = path.join(fresh.directory, 'matrix', runtime.label.replaceAll(/\W+/g, '-'));
      mkdirSync(folder, { recursive: true });
      cpSync(scenarioSource, folder, { recursive: true });
      const { clientId, clientSecret, username, password } = sandbox.users.payouts;
      const config = {
        baseUrl: sandbox.baseUrl('payouts'),
        user: { clientId, clientSecret, username, password },
        probeUrl: started.url,
      };
      writeFileSync(path.join(folder, 'config.mjs'), `export default ${JSON.stringify(config)};\n`);
      try {
        results = await runtime.run(folder);
      } catch (error) {
        failure = error;
      }
    });

    afterAll(async () => {
      await new Promise((resolve) => probe?.close(resolve) ?? resolve(undefined));
      await sandbox?.close();
    });

    for (const name of names) {
      it(name, (context) => {
        if (runtime.skipped !== undefined)
          context.skip(`${runtime.label} not installed: ${runtime.skipped}`);
        expect(failure).toBeUndefined();
        const result = results.find((entry) => entry.name === name);
        expect(result, `${runtime.label} reported no result for this step`).toBeDefined();
        expect(result?.error).toBeUndefined();
        expect(result?.observed).toEqual(result?.expected);
      });
    }
  });
}

it('runs the matrix on Node 22, Node 24, Bun, Deno and workerd', () => {
  expect(matrix.map((runtime) => runtime.label.split(' ')[0])).toEqual([
    'Node',
    'Node',
    'Bun',
    'Deno',
    'workerd',
  ]);
});
