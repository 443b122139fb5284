/** How a SQLite fleet worker builds its store. */
export interface SqliteWorkerStoreConfig {
  /** The database file every worker of the test shares. */
  path: string;
  encryptionKey?: string;
}
