import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { StaticFolder } from './static-server.js';

/** The auth-core package folder (this file is in `test-support/`). */
export const PACKAGE_ROOT = join(import.meta.dirname, '..');

/** The built main entry the browser loads. */
export const DIST_ENTRY = join(PACKAGE_ROOT, 'dist', 'index.js');

/** The runtime dependencies of the core (ky, valibot), loaded unbundled through an import map. */
export const CORE_DEPENDENCIES: readonly string[] = Object.keys(
  (
    JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    }
  ).dependencies ?? {},
);

/**
 * Names a source file changed after the last build, when there is one: the
 * browser runs `dist/`, so an edit not yet built is not what it tests.
 */
export function sourceNewerThanBuild(): string | undefined {
  const built = statSync(DIST_ENTRY).mtimeMs;
  const sources = join(PACKAGE_ROOT, 'src');
  for (const entry of readdirSync(sources, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name);
    // What tsconfig.build.json emits: no tests or benches.
    const emitted =
      entry.isFile() &&
      entry.name.endsWith('.ts') &&
      !/\.(test|test-d|bench)\.ts$/.test(entry.name);
    if (emitted && statSync(file).mtimeMs > built) return file;
  }
  return undefined;
}

type ExportsValue = string | null | { [condition: string]: ExportsValue };

// Conditions a browser's ES module loader would pick, in order of preference.
const CONDITIONS = ['browser', 'import', 'default'];

function pickTarget(value: ExportsValue): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null) return undefined;
  for (const condition of CONDITIONS) {
    const chosen = value[condition];
    if (chosen !== undefined) return pickTarget(chosen);
  }
  return undefined;
}

/** The ESM file a package's `.` export resolves to for a browser, relative to its folder. */
export function browserEntryOf(packageDirectory: string): string {
  const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as {
    name: string;
    exports?: ExportsValue;
    module?: string;
  };
  const exports = manifest.exports;
  const root =
    typeof exports === 'object' && exports !== null && '.' in exports ? exports['.'] : exports;
  const target = root === undefined ? manifest.module : pickTarget(root);
  if (target === undefined) throw new Error(`${manifest.name} has no browser ESM entry`);
  return target.replace(/^\.\//, '');
}

/** The folders the static server serves and the page's import map, from the built core. */
export function corePageAssets(): { folders: StaticFolder[]; importMap: Record<string, string> } {
  if (!existsSync(DIST_ENTRY)) {
    throw new Error(
      `${DIST_ENTRY} is missing: the browser test loads the built core. Run \`pnpm --filter @enkash/auth-core build\` first.`,
    );
  }
  const folders: StaticFolder[] = [
    { prefix: '/auth-core/', directory: join(PACKAGE_ROOT, 'dist') },
  ];
  const importMap: Record<string, string> = {};
  for (const name of CORE_DEPENDENCIES) {
    // pnpm links every direct dependency into the package's own node_modules.
    const directory = realpathSync(join(PACKAGE_ROOT, 'node_modules', name));
    folders.push({ prefix: `/vendor/${name}/`, directory });
    importMap[name] = `/vendor/${name}/${browserEntryOf(directory)}`;
  }
  return { folders, importMap };
}

/**
 * The page: an import map for the bare specifiers of the built core, and a
 * module script that imports it exactly as an app would, unbundled. It sets
 * `enkashCore` once loaded, or `enkashLoadError` when loading fails.
 */
export function corePageHtml(importMap: Record<string, string>): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>@enkash/auth-core in Chromium</title>
<link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify({ imports: importMap })}</script>
<script>
addEventListener('error', (event) => {
  globalThis.enkashLoadError = String(event.error?.stack ?? event.message);
});
</script>
<script type="module" onerror="globalThis.enkashLoadError = 'the core module script failed to load'">
import {
  camelCaseShape,
  createAuth,
  decryptPayload,
  deriveStoreKey,
  encryptPayload,
  EnkashAuthError,
  isEnkashAuthError,
} from '/auth-core/index.js';
globalThis.enkashCore = {
  camelCaseShape,
  createAuth,
  decryptPayload,
  deriveStoreKey,
  encryptPayload,
  EnkashAuthError,
  isEnkashAuthError,
};
</script>
</head>
<body></body>
</html>
`;
}
