// Once per run: pack every publishable package, then install the tarballs into projects in the
// system's temporary folder (outside the workspace, so nothing resolves from the repository's
// node_modules):
// - `fresh` (npm): every tarball, plus what the documentation's samples import (typescript,
//   vitest, express, ...); the runtime matrix runs there too;
// - `has-vitest-3` (npm): a project that already had vitest@3 when it added @enkash/payouts;
// - `pnpm`: a pnpm project with strict node_modules (only what it declares resolves), holding
//   @enkash/payouts and @enkash/sandbox as an application and its tests would.
// Every install goes to the registry under a stall watchdog. When the `fresh` one fails, nothing
// else can run: the setup stops with that one failure, quoting npm's last error, rather than
// leaving every test to fail on a missing package.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureToolchain } from '../lib/toolchain.mjs';
import { runWatchedInstall } from '../lib/watched-install.mjs';
import {
  type CommandOutcome,
  createProject,
  installEnvironment,
  npm,
  type PackedPackage,
  pack,
  publishableFolders,
  repositoryRoot,
  workspaceRangeOf,
} from './consumer-projects.js';

/** What the setup hands to every test file (`inject('consumers')`). */
export interface ConsumerProjects {
  packages: PackedPackage[];
  fresh: { directory: string; install: CommandOutcome };
  hasVitest3: { directory: string; vitest: CommandOutcome; install: CommandOutcome };
  pnpm: { directory: string; install: CommandOutcome };
}

declare module 'vitest' {
  export interface ProvidedContext {
    consumers: ConsumerProjects;
  }
}

/** What the README and guide samples import besides the SDK, at the versions the repository uses. */
function sampleDependencies(): string[] {
  const names = [
    'typescript',
    'vitest',
    '@types/node',
    'express',
    '@types/express',
    'fastify',
    'hono',
    'axios',
    'ioredis',
    'undici',
    '@opentelemetry/api',
    '@opentelemetry/exporter-prometheus',
    '@opentelemetry/sdk-metrics',
    'pino',
    'winston',
  ];
  return names.map((name) => `${name}@${workspaceRangeOf(name)}`);
}

/**
 * A pnpm project that depends on @enkash/payouts and, for its tests, @enkash/sandbox, installed
 * from the tarballs with the repository's pnpm. @enkash/auth-core comes in as payouts'
 * dependency only (an override points it at its tarball): pnpm's node_modules does not let the
 * project import it, nor ky.
 */
async function createPnpmProject(
  directory: string,
  tarballOf: (name: string) => string,
): Promise<CommandOutcome> {
  mkdirSync(directory, { recursive: true });
  const manifest = {
    name: 'pnpm-consumer',
    private: true,
    type: 'module',
    dependencies: { '@enkash/payouts': `file:${tarballOf('@enkash/payouts')}` },
    devDependencies: {
      '@enkash/sandbox': `file:${tarballOf('@enkash/sandbox')}`,
      '@types/node': workspaceRangeOf('@types/node'),
      typescript: workspaceRangeOf('typescript'),
      vitest: workspaceRangeOf('vitest'),
    },
    pnpm: { overrides: { '@enkash/auth-core': `file:${tarballOf('@enkash/auth-core')}` } },
  };
  writeFileSync(path.join(directory, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const toolchain = ensureToolchain({
    root: repositoryRoot,
    tools: path.join(repositoryRoot, '.tools'),
  });
  const [command, ...prefix] = toolchain.pnpm.command as [string, ...string[]];
  const result = await runWatchedInstall(command, [...prefix, 'install'], {
    cwd: directory,
    env: { ...installEnvironment(), ...pnpmSettings(toolchain.env as NodeJS.ProcessEnv) },
    label: 'pnpm install (pnpm consumer)',
  });
  return {
    ok: result.ok,
    output: result.ok ? result.output : `${result.failure}\n${result.output}`,
  };
}

/** pnpm's own store and cache settings of the toolchain (npm's settings are filtered out above). */
function pnpmSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const names = ['npm_config_store_dir', 'npm_config_cache_dir', 'npm_config_state_dir'];
  return Object.fromEntries(names.map((name) => [name, env[name]]));
}

export default async function setup(project: TestProject): Promise<() => void> {
  const folders = publishableFolders();
  const unbuilt = folders.filter((folder) => !existsSync(path.join(folder, 'dist')));
  if (unbuilt.length > 0) {
    throw new Error(`build first (pnpm build): no dist/ in ${unbuilt.join(', ')}`);
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'enkash-consumers-'));
  const cleanUp = () => rmSync(root, { recursive: true, force: true });
  const tarballs = path.join(root, 'tarballs');
  const packages = folders.map((folder) => pack(folder, tarballs));
  const tarballOf = (name: string) => {
    const found = packages.find((entry) => entry.name === name);
    if (found === undefined) throw new Error(`${name} was not packed`);
    return found.tarball;
  };

  const freshDirectory = path.join(root, 'fresh');
  await createProject(freshDirectory);
  const freshInstall = await npm(
    ['install', ...packages.map((entry) => entry.tarball), ...sampleDependencies()],
    freshDirectory,
  );
  if (!freshInstall.ok) {
    cleanUp();
    // One failure for the whole step, naming npm's last error (the first line of the output).
    throw new Error(
      `the consumer projects could not be installed, so no consumer test ran: ${freshInstall.output.split('\n')[0]}`,
    );
  }

  // The project exists with vitest@3 first; then the user adds a product package.
  const vitestDirectory = path.join(root, 'has-vitest-3');
  const vitest = await createProject(vitestDirectory, { vitest: '^3.2.0' });
  const vitestInstall = vitest.ok
    ? await npm(
        ['install', tarballOf('@enkash/auth-core'), tarballOf('@enkash/payouts')],
        vitestDirectory,
      )
    : { ok: false, output: 'vitest@3 did not install, so @enkash/payouts was not tried' };

  const pnpmDirectory = path.join(root, 'pnpm');
  const pnpmInstall = await createPnpmProject(pnpmDirectory, tarballOf);

  project.provide('consumers', {
    packages,
    fresh: { directory: freshDirectory, install: freshInstall },
    hasVitest3: { directory: vitestDirectory, vitest, install: vitestInstall },
    pnpm: { directory: pnpmDirectory, install: pnpmInstall },
  });
  return cleanUp;
}
