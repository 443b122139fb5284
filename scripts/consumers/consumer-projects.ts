// Packs the publishable packages and installs them with npm into projects outside the
// workspace, the way a user of the SDK would get them.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolEnvironment } from '../lib/toolchain.mjs';
import { runWatchedInstall } from '../lib/watched-install.mjs';

export const repositoryRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
const tools = path.join(repositoryRoot, '.tools');

/** A package.json, as far as these tests read it. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** A package as packed: its name, its folder in the repository, its entry points and tarball. */
export interface PackedPackage {
  name: string;
  folder: string;
  entryPoints: string[];
  tarball: string;
}

/** The outcome of one command, kept so a test (not the setup) reports a failure. */
export interface CommandOutcome {
  ok: boolean;
  output: string;
}

export function readManifest(folder: string): Manifest {
  return JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as Manifest;
}

/** Every package under packages/ that is published (no `"private": true`). */
export function publishableFolders(): string[] {
  const packages = path.join(repositoryRoot, 'packages');
  return readdirSync(packages)
    .map((name) => path.join(packages, name))
    .filter((folder) => existsSync(path.join(folder, 'package.json')))
    .filter((folder) => readManifest(folder).private !== true);
}

/** Runs a command; never throws, returns whether it succeeded and what it printed. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): CommandOutcome {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, output };
}

// The npm settings of ours a nested npm keeps: its cache in `.tools/`, no notices, and the
// global and user npmrc the machine's npm reads (registry, proxy, CA file).
/** `run` without blocking this process: for a command that calls a server this process hosts. */
export function runAsync(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const failure = error !== null && stdout === '' && stderr === '' ? String(error) : '';
        resolve({ ok: error === null, output: `${stdout}${stderr}${failure}` });
      },
    );
  });
}

const NPM_SETTINGS = new Set([
  'npm_config_cache',
  'npm_config_update_notifier',
  'npm_config_fund',
  'npm_config_audit',
  'npm_config_globalconfig',
  'npm_config_userconfig',
]);

/** The environment of a nested npm or pnpm, as `npm test` runs it. */
export function installEnvironment(): NodeJS.ProcessEnv {
  const ours = toolEnvironment({ root: repositoryRoot, tools }) as NodeJS.ProcessEnv;
  // A nested npm must not take the npm_* settings of `pnpm run` (this process's parent) as its own.
  return Object.fromEntries(
    Object.entries(ours).filter(([name]) => !name.startsWith('npm_') || NPM_SETTINGS.has(name)),
  );
}

/**
 * npm with its cache inside `.tools/`, as `npm test` runs it, under the stall watchdog: no
 * progress for 90 s stops it, twice more at most, and a failure names npm's last error.
 */
export async function npm(args: readonly string[], cwd: string): Promise<CommandOutcome> {
  const environment = installEnvironment();
  const result = await runWatchedInstall(
    'npm',
    [...args, '--no-audit', '--no-fund', '--loglevel=http', '--logs-max=0'],
    {
      cwd,
      env: environment,
      label: `npm ${args.join(' ').slice(0, 60)}`,
      watch: path.join(environment.npm_config_cache ?? '', '_cacache', 'tmp'),
    },
  );
  return {
    ok: result.ok,
    output: result.ok ? result.output : `${result.failure}\n${result.output}`,
  };
}

/** `pnpm pack` of one package into `destination` (workspace: ranges become versions). */
export function pack(folder: string, destination: string): PackedPackage {
  const manifest = readManifest(folder);
  const result = run('pnpm', ['pack', '--json', '--pack-destination', destination], {
    cwd: folder,
  });
  if (!result.ok) throw new Error(`pnpm pack failed in ${folder}:\n${result.output}`);
  const output = JSON.parse(result.output.slice(result.output.indexOf('{'))) as {
    filename: string;
  };
  const tarball = path.isAbsolute(output.filename)
    ? output.filename
    : path.join(destination, path.basename(output.filename));
  const entryPoints = Object.keys(manifest.exports ?? { '.': '' })
    .filter((subpath) => subpath !== './package.json')
    .map((subpath) => (subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`));
  return { name: manifest.name, folder, entryPoints, tarball };
}

/** A new npm project in `directory` with `devDependencies` installed from the registry. */
export async function createProject(
  directory: string,
  devDependencies: Record<string, string> = {},
): Promise<CommandOutcome> {
  mkdirSync(directory, { recursive: true });
  writeFileSync(
    path.join(directory, 'package.json'),
    `${JSON.stringify({ name: path.basename(directory), private: true, type: 'module', devDependencies }, null, 2)}\n`,
  );
  if (Object.keys(devDependencies).length === 0) return { ok: true, output: '' };
  return npm(['install'], directory);
}

/** The exact version or range the repository uses for `name` (root, then any workspace package). */
export function workspaceRangeOf(name: string): string {
  const folders = [
    repositoryRoot,
    ...publishableFolders(),
    path.join(repositoryRoot, 'apps', 'demo'),
  ];
  for (const folder of folders) {
    const manifest = readManifest(folder);
    const range = manifest.dependencies?.[name] ?? manifest.devDependencies?.[name];
    if (range !== undefined && !range.startsWith('workspace:')) return range;
  }
  throw new Error(`no workspace package depends on ${name}`);
}

/** A vitest JSON report, as far as these tests read it. */
export interface VitestReport {
  numTotalTests: number;
  numPassedTests: number;
  testResults: Array<{ name: string; status: string; message?: string }>;
}

/**
 * Runs the vitest installed in `project` on the test files under `root` (those matching
 * `filters`, if given), as that project's own `vitest run` would, with Node `node`. Returns what
 * it printed and its JSON report (undefined when it wrote none).
 */
export function runProjectVitest(
  node: string,
  project: string,
  root: string,
  filters: readonly string[] = [],
): { outcome: CommandOutcome; report: VitestReport | undefined } {
  const reportFile = path.join(project, `${path.basename(root)}-report.json`);
  rmSync(reportFile, { force: true });
  const vitest = path.join(project, 'node_modules', 'vitest', 'vitest.mjs');
  const outcome = run(
    node,
    [vitest, 'run', ...filters, '--root', root, '--reporter=json', `--outputFile=${reportFile}`],
    { cwd: root, env: { ...withoutVitestWorkerVariables(), NO_COLOR: '1' } },
  );
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as VitestReport)
    : undefined;
  return { outcome, report };
}

/** This process's environment without the variables that would make a nested vitest a worker. */
export function withoutVitestWorkerVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'TEST'),
  );
}
