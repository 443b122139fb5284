import type { TokenStore } from '@enkash/auth-core';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * The database file every process on the host shares. Default: one file
   * per OS user in its state directory (`~/.local/state/enkash-auth/tokens.sqlite`
   * on Linux, see the README). Relative paths are taken from the current
   * directory; the folder must exist. Created with mode 0600; SQLite adds
   * `-wal` and `-shm` files beside it.
   */
  path?: string | undefined;
  /**
   * Encrypts stored tokens with AES-256-GCM when given: a string (UTF-8) or
   * bytes of at least 16 bytes, ideally 32 random bytes
   * (`openssl rand -base64 32`). Every process sharing the file needs the
   * same one. Without it tokens are stored in clear (the file is still 0600).
   */
  encryptionKey?: string | Uint8Array | undefined;
}

/**
 * A {@link TokenStore} in one SQLite file, shared by every process on the
 * host that opens the same file.
 */
export interface SqliteStore extends TokenStore {
  /** Always `true`: the core takes the host-wide lock before a token request. */
  readonly shared: true;
  /** The absolute path of the database file. */
  readonly path: string;
  /** Resolves as soon as `key` holds a value (read every 10 ms), or `undefined` after `timeoutMs` or on abort. */
  waitFor(key: string, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Ends pending `waitFor` calls with `undefined` and closes the database.
   * Later operations reject with `SQLITE_CLOSED`. A process that exits
   * without it loses nothing: every operation is committed when it resolves.
   */
  close(): Promise<void>;
}
