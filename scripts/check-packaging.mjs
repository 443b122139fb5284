#!/usr/bin/env node
// Checks that a package publishes what its users need, exactly as npm would receive it:
// packs it with pnpm (workspace: ranges become real versions), then runs publint --strict and
// attw (profile esm-only) on that tarball, plus the repository's own package rules.
//
// Usage: from a package folder, `node ../../scripts/check-packaging.mjs` (the package's
// `check:packaging` script); or `node scripts/check-packaging.mjs packages/payouts`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packagePolicyProblems, packedFileProblems } from './lib/package-policy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const packageDirectory = path.resolve(process.argv[2] ?? process.cwd());
const manifest = JSON.parse(readFileSync(path.join(packageDirectory, 'package.json'), 'utf8'));
const directoryFromRoot = path.relative(root, packageDirectory).split(path.sep).join('/');
const problems = [];

function report(source, lines) {
  for (const line of lines) problems.push(`${source}: ${line}`);
}

/** pnpm as the caller ran it (npm_execpath inside `pnpm run`), else the one on PATH. */
function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm\.c?js$/.test(execPath)) return [process.execPath, execPath];
  return ['pnpm'];
}

function binOf(packageName, binName) {
  const manifestPath = requireFromRoot.resolve(`${packageName}/package.json`);
  const bin = JSON.parse(readFileSync(manifestPath, 'utf8')).bin;
  return path.join(path.dirname(manifestPath), typeof bin === 'string' ? bin : bin[binName]);
}

function pack(destination) {
  const [command, ...prefix] = pnpmCommand();
  const result = spawnSync(
    command,
    [...prefix, 'pack', '--json', '--pack-destination', destination],
    {
      cwd: packageDirectory,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    throw new Error(`pnpm pack failed:\n${result.stderr || result.stdout}`);
  }
  const output = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  const tarball = path.isAbsolute(output.filename)
    ? output.filename
    : path.join(destination, path.basename(output.filename));
  return { tarball, files: output.files.map((file) => file.path) };
}

async function runPublint(tarball) {
  const { publint } = await import(pathToFileURL(requireFromRoot.resolve('publint')).href);
  const { formatMessage } = await import(
    pathToFileURL(requireFromRoot.resolve('publint/utils')).href
  );
  const data = readFileSync(tarball);
  const result = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    strict: true,
    level: 'suggestion',
  });
  // In strict mode warnings become errors; suggestions are advice and fail the check too,
  // because "clean" means publint has nothing to say.
  report(
    'publint',
    result.messages.map(
      (message) =>
        `${message.type}: ${formatMessage(message, result.pkg, { color: false }) ?? message.code}`,
    ),
  );
}

function runAttw(tarball) {
  const result = spawnSync(
    process.execPath,
    [
      binOf('@arethetypeswrong/cli', 'attw'),
      tarball,
      '--profile',
      'esm-only',
      '--format',
      'ascii',
      '--no-emoji',
      '--no-color',
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    report('attw', [(result.stdout + result.stderr).trim() || `exit ${result.status}`]);
  }
}

function checkVersionFile() {
  const versionFile = path.join(packageDirectory, 'src', 'version.ts');
  if (!existsSync(versionFile)) return;
  const match = /VERSION\s*=\s*'([^']+)'/.exec(readFileSync(versionFile, 'utf8'));
  if (match?.[1] !== manifest.version) {
    report('version', [
      `src/version.ts says ${match?.[1] ?? 'nothing'} but package.json says ${manifest.version}: run node scripts/sync-versions.mjs`,
    ]);
  }
}

async function main() {
  report('package.json', packagePolicyProblems(manifest, directoryFromRoot));
  if (!existsSync(path.join(packageDirectory, 'README.md')))
    report('files', ['README.md is missing']);
  checkVersionFile();
  const destination = mkdtempSync(path.join(os.tmpdir(), 'enkash-pack-'));
  try {
    const { tarball, files } = pack(destination);
    report('tarball', packedFileProblems(files));
    await runPublint(tarball);
    runAttw(tarball);
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.error(`${manifest.name}: ${problems.length} packaging problem(s)`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exitCode = 1;
  } else {
    console.log(
      `${manifest.name}: packaging clean (package rules, publint --strict, attw esm-only)`,
    );
  }
}

main().catch((error) => {
  console.error(`${manifest.name}: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
