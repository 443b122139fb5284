import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { machineNpmConfig } from '../lib/machine-npm-config.mjs';
import { repositoryRoot, withoutVitestWorkerVariables } from './consumer-projects.js';
import { nodeBinaries } from './node-versions.js';

// When the registry cannot be reached (here: a registry, set in the user's npmrc, that accepts
// connections and never answers), the consumer step must end with one failure that quotes npm,
// after the watchdog gave up, instead of a dozen tests failing on "Cannot find package".
const [node24] = nodeBinaries().slice(-1);
const folder = mkdtempSync(path.join(os.tmpdir(), 'enkash-dead-registry-'));
const sockets = new Set<Socket>();
let registry: Server;
let port = 0;

beforeAll(async () => {
  registry = createServer(() => {
    // Never answers.
  });
  registry.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  port = (registry.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => registry.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

it('ends the consumer step with one failure quoting npm when the registry never answers', async () => {
  const userconfig = path.join(folder, 'npmrc');
  writeFileSync(userconfig, `registry=http://127.0.0.1:${port}/\n`);
  const paths = { root: repositoryRoot, tools: path.join(repositoryRoot, '.tools') };
  const { globalconfig } = machineNpmConfig(paths);
  const vitest = path.join(repositoryRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const child = spawn(
    node24?.executable ?? process.execPath,
    [vitest, 'run', '--config', 'scripts/consumers/vitest.config.ts'],
    {
      cwd: repositoryRoot,
      env: {
        ...withoutVitestWorkerVariables(),
        NO_COLOR: '1',
        ENKASH_MACHINE_NPM_GLOBALCONFIG: globalconfig ?? path.join(folder, 'none'),
        ENKASH_MACHINE_NPM_USERCONFIG: userconfig,
        ENKASH_INSTALL_STALL_SECONDS: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

  expect(code, output).not.toBe(0);
  expect(output).toContain('the consumer projects could not be installed, so no consumer test ran');
  expect(output).toMatch(/showed no progress for 2 s in each of 3 attempts/);
  expect(output).not.toMatch(/Cannot find package|ERR_MODULE_NOT_FOUND/);
}, 240_000);
