// Bundles a package's `dist/` (as tsc wrote it, one module per source file) into one ESM module
// per entry of its "exports", code shared between entries going into one chunk so that a class
// or a registry exists once. A new process pays for every module of an import graph (resolve,
// read, compile, link): for the core's 57 files that was most of what importing it cost
// (docs/performance.md, "a new process's first token"). Imports of other packages (ky, valibot,
// @enkash/*, node:*) stay imports, resolved as installed. The declarations stay as tsc wrote them;
// the JavaScript tsc wrote makes way for the bundles, whose source maps lead to the TypeScript.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** The JavaScript files an "exports" map points at, as paths relative to the package. */
export function exportedScripts(exportsField) {
  const found = new Set();
  const visit = (target) => {
    if (typeof target === 'string') {
      if (/\.m?js$/.test(target)) found.add(path.posix.normalize(target));
    } else if (target !== null && typeof target === 'object') {
      for (const [condition, value] of Object.entries(target)) {
        if (condition !== 'types') visit(value);
      }
    }
  };
  visit(exportsField);
  return [...found].sort();
}

/**
 * Bundles the package in `packageDirectory` in place: after it, `dist/` holds one module per
 * exported script, the shared chunks (`dist/shared-*.js`) and every declaration file. Returns
 * the paths of the modules written, relative to the package.
 */
export async function bundleDist(packageDirectory) {
  const manifest = JSON.parse(readFileSync(path.join(packageDirectory, 'package.json'), 'utf8'));
  const dist = path.join(packageDirectory, 'dist');
  const entries = exportedScripts(manifest.exports).map((file) =>
    path.join(packageDirectory, file),
  );
  const outside = entries.find((file) => !file.startsWith(`${dist}${path.sep}`));
  if (entries.length === 0 || outside !== undefined) {
    throw new Error(
      `${manifest.name}: every exported script must be in dist/ (${outside ?? 'none'})`,
    );
  }
  const result = await build({
    entryPoints: entries,
    outdir: dist,
    outbase: dist,
    bundle: true,
    splitting: true,
    chunkNames: 'shared-[hash]',
    format: 'esm',
    // The core runs in browsers, Deno, Bun and workerd too: nothing of one platform is assumed.
    platform: 'neutral',
    target: 'es2023',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: true,
    legalComments: 'inline',
    write: false,
    logLevel: 'warning',
  });
  // Only with the bundles in memory do the files tsc wrote make way for them.
  for (const name of readdirSync(dist, { recursive: true })) {
    if (/\.m?js(\.map)?$/.test(String(name))) rmSync(path.join(dist, String(name)));
  }
  for (const output of result.outputFiles) {
    mkdirSync(path.dirname(output.path), { recursive: true });
    writeFileSync(output.path, output.contents);
  }
  return result.outputFiles
    .map((output) => path.relative(packageDirectory, output.path).split(path.sep).join('/'))
    .filter((file) => file.endsWith('.js'))
    .sort();
}
