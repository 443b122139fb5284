import { closeSync, constants, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { configError } from './config-error.js';

/** Read and write for the owner only. */
const OWNER_ONLY = 0o600;
/** Any permission for the group or others. */
const SHARED_BITS = 0o077;

/**
 * Makes sure `path` is a regular file this process can read and write,
 * created with mode 0600 when absent, and that neither it nor SQLite's
 * `-wal` and `-shm` files beside it are open to other users. The folder of
 * the default path is created (mode 0700); a folder given in `path` must
 * exist. Every problem is `CONFIG`, naming the path and the fix.
 */
export function prepareFile(path: string, options: { createFolder: boolean }): void {
  const folder = dirname(path);
  if (options.createFolder) {
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw configError(
        `The SQLite store's folder ${folder} cannot be created (${codeOf(error)}); give createSqliteStore a \`path\` this user can write.`,
        error,
      );
    }
  } else if (!isFolder(folder)) {
    throw configError(`The folder of the SQLite store's \`path\` does not exist: ${folder}.`);
  }
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDWR | constants.O_CREAT, OWNER_ONLY);
  } catch (error) {
    throw configError(
      `The SQLite store's file ${path} cannot be opened for reading and writing (${codeOf(error)}).`,
      error,
    );
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) {
      throw configError(`The SQLite store's \`path\` is not a regular file: ${path}.`);
    }
  } finally {
    closeSync(descriptor);
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    refuseSharedFile(file);
  }
}

/** `CONFIG` when `file` exists and its mode lets the group or others in (POSIX only). */
function refuseSharedFile(file: string): void {
  if (process.platform === 'win32') {
    // Windows has no mode bits: the user's profile folder's ACL protects the default path.
    return;
  }
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    // -wal and -shm exist only while (or after) a connection has the database open.
    return;
  }
  if ((mode & SHARED_BITS) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    throw configError(
      `The SQLite store's file ${file} is open to other users (mode ${octal}); it holds the lockout count and tokens: run \`chmod 600 ${file}\`.`,
    );
  }
}

function isFolder(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(error);
}
