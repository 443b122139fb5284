import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// Proves the release policy of .changeset/config.json on a throwaway copy of the workspace:
// packages are versioned independently, so a changeset naming one package bumps that package
// (and, per updateInternalDependencies, only packages that depend on it) and nothing else.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const changesetBin = path.join(
  path.dirname(
    createRequire(path.join(root, 'package.json')).resolve('@changesets/cli/package.json'),
  ),
  'bin.js',
);

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const workspaceFolders = ['packages', 'apps'].flatMap((parent) =>
  readdirSync(path.join(root, parent))
    .map((name) => `${parent}/${name}`)
    .filter((folder) => existsSync(path.join(root, folder, 'package.json'))),
);

function readManifest(directory: string, folder: string): Manifest {
  return JSON.parse(readFileSync(path.join(directory, folder, 'package.json'), 'utf8')) as Manifest;
}

function bumpPatch(version: string): string {
  const [major, minor, patch] = version.split('.').map(Number);
  return `${major}.${minor}.${(patch ?? 0) + 1}`;
}

/**
 * Packages that ship with `name` (dependencies or peerDependencies): only those are released
 * along with it. A devDependency (a test using another package) never pulls a package into a release.
 */
function dependentsOf(name: string): Manifest[] {
  return workspaceFolders
    .map((folder) => readManifest(root, folder))
    .filter((manifest) =>
      [manifest.dependencies, manifest.peerDependencies].some(
        (field) => field !== undefined && name in field,
      ),
    );
}

const copies: string[] = [];

/** A temporary workspace with the repository's manifests and changesets config only. */
function copyWorkspace(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'enkash-changesets-'));
  copies.push(directory);
  const files = [
    'package.json',
    'pnpm-workspace.yaml',
    '.changeset/config.json',
    'scripts/sync-versions.mjs',
  ];
  for (const folder of workspaceFolders) {
    if (existsSync(path.join(root, folder, 'src', 'version.ts')))
      files.push(`${folder}/src/version.ts`);
  }
  for (const file of files) {
    mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(directory, file));
  }
  for (const folder of workspaceFolders) {
    mkdirSync(path.join(directory, folder), { recursive: true });
    cpSync(path.join(root, folder, 'package.json'), path.join(directory, folder, 'package.json'));
  }
  // The changelog generator named in the config resolves from the copy's node_modules.
  symlinkSync(path.join(root, 'node_modules'), path.join(directory, 'node_modules'), 'dir');
  return directory;
}

/** What the root `version-packages` script does: `changeset version`, then sync-versions. */
function versionWithChangeset(directory: string, releases: Record<string, string>): void {
  const frontmatter = Object.entries(releases)
    .map(([name, type]) => `'${name}': ${type}`)
    .join('\n');
  writeFileSync(
    path.join(directory, '.changeset', 'one-change.md'),
    `---\n${frontmatter}\n---\n\nA change.\n`,
  );
  const result = spawnSync(process.execPath, [changesetBin, 'version'], {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  expect(result.status, `changeset version failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  const sync = spawnSync(process.execPath, [path.join(directory, 'scripts', 'sync-versions.mjs')], {
    cwd: directory,
    encoding: 'utf8',
  });
  expect(sync.status, `sync-versions failed:\n${sync.stdout}\n${sync.stderr}`).toBe(0);
}

function versionConstant(directory: string, folder: string): string | undefined {
  const file = path.join(directory, folder, 'src', 'version.ts');
  if (!existsSync(file)) return undefined;
  return /VERSION\s*=\s*'([^']*)'/.exec(readFileSync(file, 'utf8'))?.[1];
}

afterEach(() => {
  for (const directory of copies.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('changesets release policy', () => {
  it('declares independent versions: no fixed or linked groups, public access, patch updates', () => {
    const config = JSON.parse(readFileSync(path.join(root, '.changeset/config.json'), 'utf8'));
    expect(config).toMatchObject({
      fixed: [],
      linked: [],
      access: 'public',
      baseBranch: 'main',
      updateInternalDependencies: 'patch',
    });
  });

  it('only the private demo ships with @enkash/payouts', () => {
    const dependents = dependentsOf('@enkash/payouts');
    expect(dependents.map((manifest) => [manifest.name, manifest.private === true])).toEqual([
      ['@enkash/demo', true],
    ]);
  });

  it('a changeset naming only @enkash/payouts bumps payouts and leaves every other version alone', () => {
    const directory = copyWorkspace();
    const before = new Map(
      workspaceFolders.map((folder) => [folder, readManifest(directory, folder)]),
    );

    versionWithChangeset(directory, { '@enkash/payouts': 'patch' });

    for (const folder of workspaceFolders) {
      const original = before.get(folder) as Manifest;
      const after = readManifest(directory, folder);
      if (original.name === '@enkash/payouts') {
        expect(after.version).toBe(bumpPatch(original.version));
        // The User-Agent reports the released version.
        expect(versionConstant(directory, folder)).toBe(after.version);
        expect(readFileSync(path.join(directory, folder, 'CHANGELOG.md'), 'utf8')).toContain(
          'A change.',
        );
      } else {
        // The private demo depends on payouts but is not versioned (privatePackages.version: false).
        expect({ name: after.name, version: after.version }).toEqual({
          name: original.name,
          version: original.version,
        });
        expect(existsSync(path.join(directory, folder, 'CHANGELOG.md'))).toBe(false);
        expect(versionConstant(directory, folder)).toBe(versionConstant(root, folder));
      }
    }
    expect(existsSync(path.join(directory, '.changeset', 'one-change.md'))).toBe(false);
  });
});
