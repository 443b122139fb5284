/** The schema this version writes (`PRAGMA user_version`). */
export const SCHEMA_VERSION = 1;

/**
 * Two tables, keyed by the store keys the core hands over (already hashed:
 * no username or client id). `expires_at` is epoch milliseconds on the
 * host's clock, which every process on the host shares; `NULL` never
 * expires (the lockout guard's attempt records). `record` tells a value
 * `compareAndSet` wrote, kept as written, from one `set` wrote, sealed when
 * the store has an encryption key. STRICT: a value of the wrong type is an
 * error, never silently converted.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS enkash_values (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  record INTEGER NOT NULL,
  expires_at INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS enkash_values_expiry ON enkash_values (expires_at)
  WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS enkash_locks (
  key TEXT PRIMARY KEY NOT NULL,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS enkash_locks_expiry ON enkash_locks (expires_at);
`;
