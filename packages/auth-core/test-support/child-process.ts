import { execFile, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect } from 'vitest';

const packageRoot = join(import.meta.dirname, '..');
/** tsc building the core once; the hook's own limit gives it twice that on a loaded machine. */
const BUILD_DEADLINE_MS = 120_000;

/**
 * Compiles the core once for the test file into `node_modules/.<name>`
 * (inside the package, so the build's bare imports resolve) and returns the
 * `file:` URL of its entry, for child processes to import.
 */
export function useBuiltCore(name: string): () => string {
  const buildDirectory = join(packageRoot, 'node_modules', `.${name}`);
  beforeAll(() => {
    rmSync(buildDirectory, { recursive: true, force: true });
    const typescript = dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
    spawnSync(
      process.execPath,
      [
        join(typescript, 'bin', 'tsc'),
        '-p',
        join(packageRoot, 'tsconfig.build.json'),
        '--outDir',
        buildDirectory,
        '--declaration',
        'false',
        '--declarationMap',
        'false',
        '--sourceMap',
        'false',
      ],
      { stdio: 'ignore', timeout: BUILD_DEADLINE_MS },
    );
    expect(existsSync(join(buildDirectory, 'index.js'))).toBe(true);
  }, 2 * BUILD_DEADLINE_MS);
  return () => pathToFileURL(join(buildDirectory, 'index.js')).href;
}

/** How a child process ended: its exit code (`null` when killed at the time limit) and output. */
export interface ChildResult {
  code: number | null;
  killed: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Runs an ES module source in a fresh Node process with the given flags;
 * kills it after `timeLimitMs`. Resolves however it ends.
 */
export function runChildModule(
  source: string,
  options: { env?: Record<string, string>; flags?: readonly string[]; timeLimitMs: number },
): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...(options.flags ?? []), '--input-type=module', '--eval', source],
      {
        cwd: packageRoot,
        env: { ...process.env, ...options.env },
        timeout: options.timeLimitMs,
        maxBuffer: 1024 * 1024,
      },
      (error, stdout, stderr) => {
        resolve({
          code: error === null ? 0 : (child.exitCode ?? null),
          killed: child.killed || child.signalCode !== null,
          stdout,
          stderr,
        });
      },
    );
  });
}
