import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { ensureToolchain } from './lib/toolchain.mjs';

// `npm run demo` installs the workspace as a fresh clone would: the output must be the demo's
// alone, without pnpm's boxed "Ignored build scripts" warning a newcomer would wonder about, and
// the lockfile must still install frozen. A copy of the workspace's manifests is installed in a
// temporary folder, from the package store the repository's own install filled.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const copy = mkdtempSync(path.join(os.tmpdir(), 'enkash-workspace-'));

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

/** Every workspace package folder (pnpm-workspace.yaml: packages/*, apps/*, bench). */
function workspaceFolders(): string[] {
  const inside = (parent: string) =>
    readdirSync(path.join(root, parent)).map((name) => path.join(parent, name));
  return [...inside('packages'), ...inside('apps'), 'bench'].filter((folder) =>
    existsSync(path.join(root, folder, 'package.json')),
  );
}

it('installs the workspace with --frozen-lockfile, printing no ignored-build-scripts warning', () => {
  for (const file of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc']) {
    cpSync(path.join(root, file), path.join(copy, file));
  }
  for (const folder of workspaceFolders()) {
    mkdirSync(path.join(copy, folder), { recursive: true });
    cpSync(path.join(root, folder, 'package.json'), path.join(copy, folder, 'package.json'));
    const bin = path.join(root, folder, 'bin');
    if (existsSync(bin)) cpSync(bin, path.join(copy, folder, 'bin'), { recursive: true });
  }
  const toolchain = ensureToolchain({ root, tools: path.join(root, '.tools') });
  const [command, ...prefix] = toolchain.pnpm.command as [string, ...string[]];

  const result = spawnSync(
    command,
    [...prefix, 'install', '--frozen-lockfile', '--prefer-offline'],
    { cwd: copy, env: toolchain.env, encoding: 'utf8', timeout: 300_000 },
  );

  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  expect(result.status, output).toBe(0);
  expect(output).not.toMatch(/Ignored build scripts|approve-builds/);
}, 320_000);
