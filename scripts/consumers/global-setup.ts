// Once per run: pack every publishable package, then install the tarballs with npm into two
// projects in the system's temporary folder (outside the workspace, so nothing resolves from the
// repository's node_modules):
// - `fresh`: every tarball, plus what the documentation's samples import (typescript, vitest,
//   express, ...); the runtime matrix runs there too;
// - `has-vitest-3`: a project that already had vitest@3 when it added @enkash/payouts.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  type CommandOutcome,
  createProject,
  npm,
  type PackedPackage,
  pack,
  publishableFolders,
  workspaceRangeOf,
} from './consumer-projects.js';

/** What the setup hands to every test file (`inject('consumers')`). */
export interface ConsumerProjects {
  packages: PackedPackage[];
  fresh: { directory: string; install: CommandOutcome };
  hasVitest3: { directory: string; vitest: CommandOutcome; install: CommandOutcome };
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
  ];
  return [
    ...names.map((name) => `${name}@${workspaceRangeOf(name)}`),
    `ioredis@${workspaceRangeOf('ioredis')}`,
  ];
}

export default function setup(project: TestProject): () => void {
  const folders = publishableFolders();
  const unbuilt = folders.filter((folder) => !existsSync(path.join(folder, 'dist')));
  if (unbuilt.length > 0) {
    throw new Error(`build first (pnpm build): no dist/ in ${unbuilt.join(', ')}`);
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'enkash-consumers-'));
  const tarballs = path.join(root, 'tarballs');
  const packages = folders.map((folder) => pack(folder, tarballs));
  const tarballOf = (name: string) => {
    const found = packages.find((entry) => entry.name === name);
    if (found === undefined) throw new Error(`${name} was not packed`);
    return found.tarball;
  };

  const freshDirectory = path.join(root, 'fresh');
  createProject(freshDirectory);
  const freshInstall = npm(
    ['install', ...packages.map((entry) => entry.tarball), ...sampleDependencies()],
    freshDirectory,
  );

  // The project exists with vitest@3 first; then the user adds a product package.
  const vitestDirectory = path.join(root, 'has-vitest-3');
  const vitest = createProject(vitestDirectory, { vitest: '^3.2.0' });
  const vitestInstall = vitest.ok
    ? npm(
        ['install', tarballOf('@enkash/auth-core'), tarballOf('@enkash/payouts')],
        vitestDirectory,
      )
    : { ok: false, output: 'vitest@3 did not install, so @enkash/payouts was not tried' };

  project.provide('consumers', {
    packages,
    fresh: { directory: freshDirectory, install: freshInstall },
    hasVitest3: { directory: vitestDirectory, vitest, install: vitestInstall },
  });
  return () => rmSync(root, { recursive: true, force: true });
}
