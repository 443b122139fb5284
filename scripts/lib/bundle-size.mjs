// Pure helpers of scripts/size-budget.mjs: who owns a bundled module, and each module's share of
// the gzip size. Kept apart from the script so they are tested without bundling anything.

/**
 * The package a bundled input belongs to, and a short name for the module, from its path in
 * esbuild's metafile: `packages/auth-core/dist/options.js` → `@enkash/auth-core`, `options.js`;
 * `node_modules/.pnpm/ky@2.1.0/node_modules/ky/distribution/core/Ky.js` → `ky`, `core/Ky.js`.
 */
export function moduleOwner(inputPath) {
  const normalized = inputPath.split('\\').join('/');
  const marker = normalized.lastIndexOf('node_modules/');
  if (marker !== -1) {
    // pnpm's layout: the last node_modules/ is the package's own folder.
    const parts = normalized.slice(marker + 'node_modules/'.length).split('/');
    const nameLength = parts[0]?.startsWith('@') ? 2 : 1;
    const rest = parts.slice(nameLength).join('/');
    return {
      owner: parts.slice(0, nameLength).join('/'),
      module: rest.replace(/^(distribution|dist|build|lib|esm)\//, ''),
    };
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\/(?:dist\/)?(.*)$/.exec(normalized);
  if (workspace) {
    const [, folder, rest] = workspace;
    return { owner: `@enkash/${folder}`, module: rest };
  }
  return { owner: '(other)', module: normalized };
}

/**
 * Splits a bundle's gzip size over its modules in proportion to their minified bytes (gzip
 * compresses the whole file, so a module's exact share does not exist; this one adds up).
 * `inputs` maps a module path to its `bytesInOutput`; what no input accounts for (esbuild's
 * glue, the export statement) is listed as `(bundle glue)`.
 */
export function attributeSizes(inputs, minifiedBytes, gzipBytes) {
  const rows = Object.entries(inputs)
    .filter(([, bytes]) => bytes > 0)
    .map(([inputPath, bytes]) => ({ ...moduleOwner(inputPath), minified: bytes }));
  const accounted = rows.reduce((sum, row) => sum + row.minified, 0);
  if (minifiedBytes > accounted) {
    rows.push({ owner: '(bundle glue)', module: '', minified: minifiedBytes - accounted });
  }
  for (const row of rows) row.gzip = (gzipBytes * row.minified) / minifiedBytes;
  return rows.sort((a, b) => b.minified - a.minified);
}

/** Minified and gzip bytes per owner, largest first. */
export function sumByOwner(rows) {
  const owners = new Map();
  for (const row of rows) {
    const sum = owners.get(row.owner) ?? { owner: row.owner, minified: 0, gzip: 0 };
    sum.minified += row.minified;
    sum.gzip += row.gzip;
    owners.set(row.owner, sum);
  }
  return [...owners.values()].sort((a, b) => b.gzip - a.gzip);
}
