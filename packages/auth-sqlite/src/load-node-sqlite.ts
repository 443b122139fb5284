import { configError } from './config-error.js';

/** Node's built-in SQLite module. */
export type NodeSqlite = typeof import('node:sqlite');

/**
 * `node:sqlite`, loaded on the first `createSqliteStore` call rather than at
 * import: Node 22 prints an ExperimentalWarning when the module loads, and an
 * application that imports this package without creating a store should see
 * nothing. `CONFIG` on a Node without it (before 22.13, or 22.5 to 22.12
 * without `--experimental-sqlite`).
 */
export function loadNodeSqlite(): NodeSqlite {
  const loaded = process.getBuiltinModule?.('node:sqlite') as NodeSqlite | undefined;
  if (loaded === undefined) {
    throw configError(
      `@enkash/auth-sqlite needs node:sqlite, built into Node 22.13 and later and Node 24; this is Node ${process.versions.node}.`,
    );
  }
  return loaded;
}
