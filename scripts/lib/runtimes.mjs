// Fetches the runtimes of the test matrix (Bun, Deno, workerd) and the bundler a Worker needs
// (esbuild, as wrangler uses it) into the git-ignored `.tools/runtimes/`. Each comes from the npm
// registry as the platform package its own installer would pick, so no install script runs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { npmInstallInto } from './toolchain.mjs';

/** The versions the matrix runs; bump them here. */
export const PINNED_RUNTIME_VERSIONS = {
  bun: '1.4.5',
  deno: '2.9.6',
  workerd: '1.20261117.1',
  esbuild: '0.28.2',
};

const ARCHITECTURES = {
  bun: { x64: 'x64', arm64: 'aarch64' },
  deno: { x64: 'x64', arm64: 'arm64' },
  workerd: { x64: '64', arm64: 'arm64' },
};

/** The registry package holding `name`'s binary for this machine, or why there is none. */
function platformPackage(name, platform = process.platform, arch = process.arch) {
  const architecture = ARCHITECTURES[name]?.[arch];
  if (name === 'esbuild') return { packageName: 'esbuild', binary: undefined };
  if (architecture === undefined || !['linux', 'darwin'].includes(platform)) {
    return { problem: `no ${name} package for ${platform}-${arch} in this matrix` };
  }
  switch (name) {
    case 'bun':
      return {
        packageName: `@oven/bun-${platform}-${architecture}`,
        binary: path.join('bin', 'bun'),
      };
    case 'deno':
      return {
        packageName: `@deno/${platform}-${architecture}${platform === 'linux' ? '-glibc' : ''}`,
        binary: 'deno',
      };
    case 'workerd':
      return {
        packageName: `@cloudflare/workerd-${platform}-${architecture}`,
        binary: path.join('bin', 'workerd'),
      };
    default:
      return { problem: `unknown runtime ${name}` };
  }
}

/**
 * The runtime `name` (`bun`, `deno`, `workerd`, `esbuild`), fetched into `.tools/runtimes/` when
 * missing: `{ version, directory, executable }` (esbuild: its package folder, no executable), or
 * `{ skipped: reason }` when it cannot be installed here. Never throws.
 */
export function ensureRuntime(name, paths) {
  const version = PINNED_RUNTIME_VERSIONS[name];
  const found = platformPackage(name);
  if (found.problem !== undefined) return { skipped: found.problem };
  const prefix = path.join(paths.tools, 'runtimes', `${name}-${version}`);
  const directory = path.join(prefix, 'node_modules', ...found.packageName.split('/'));
  const executable = found.binary === undefined ? undefined : path.join(directory, found.binary);
  const target = executable ?? path.join(directory, 'package.json');
  if (!existsSync(target)) {
    try {
      npmInstallInto(prefix, `${found.packageName}@${version}`, paths);
    } catch (error) {
      return { skipped: `could not fetch ${found.packageName}@${version}: ${error.message}` };
    }
    if (!existsSync(target)) {
      return {
        skipped: `${found.packageName}@${version} has no ${found.binary ?? 'package.json'}`,
      };
    }
  }
  return { version, directory, executable };
}
