export { createSqliteStore } from './create-sqlite-store.js';
export {
  isSqliteStoreError,
  SQLITE_STORE_ERROR_CODES,
  SqliteStoreError,
  type SqliteStoreErrorCode,
} from './sqlite-store-error.js';
export type { SqliteStore, SqliteStoreOptions } from './sqlite-store-options.js';
