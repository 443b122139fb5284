#!/usr/bin/env node
// Writes `src/version.ts` (`export const VERSION = 'x.y.z';`) from package.json in every package
// that has one, so the User-Agent a product sends names the version that was published.
// Runs after `changeset version` (root script `version-packages`). With `--check` it only
// reports packages whose file is out of step, and exits 1 if any is.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const checkOnly = process.argv.includes('--check');

const VERSION_LINE = /(export const VERSION\s*=\s*')([^']*)(';?)/;

/** A fresh `src/version.ts`, for a file that does not declare VERSION at all. */
function versionModule(version) {
  return [
    '/** The version of this package, as published; sent in the User-Agent. */',
    `export const VERSION = '${version}';`,
    '',
  ].join('\n');
}

let outOfStep = 0;
for (const name of readdirSync(path.join(root, 'packages')).sort()) {
  const directory = path.join(root, 'packages', name);
  const versionFile = path.join(directory, 'src', 'version.ts');
  if (!existsSync(versionFile)) continue;
  const { version } = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8'));
  const current = readFileSync(versionFile, 'utf8');
  const match = VERSION_LINE.exec(current);
  if (match?.[2] === version) continue;
  outOfStep += 1;
  if (checkOnly) {
    console.error(
      `packages/${name}/src/version.ts says ${match?.[2] ?? 'nothing'}, package.json ${version}`,
    );
  } else {
    // Only the version string changes; the rest of the file (comments) is the package's own.
    const updated = match
      ? current.replace(VERSION_LINE, `$1${version}$3`)
      : versionModule(version);
    writeFileSync(versionFile, updated);
    console.log(`packages/${name}/src/version.ts -> ${version}`);
  }
}
if (checkOnly && outOfStep > 0) process.exitCode = 1;
