// A process of one host for the multi-process tests: its own SQLite store on the shared file and
// a payouts auth, both loaded from the BUILT packages (dist), driven by the test over IPC
// (@enkash/test-kit/fleet). Run directly by Node (type stripping).
import { createPayoutsAuth } from '@enkash/payouts';
import { readFleetWorkerConfig, serveFleetWorker } from '@enkash/test-kit/fleet';
import type * as AuthSqlite from '../index.js';
import type { SqliteWorkerStoreConfig } from './sqlite-worker-store-config.js';

// Loaded by name so Node resolves the package's own exports map to dist/.
const packageName: string = '@enkash/auth-sqlite';
const { createSqliteStore } = (await import(packageName)) as typeof AuthSqlite;

const config = readFleetWorkerConfig<SqliteWorkerStoreConfig>();
const { path, encryptionKey } = config.store;
const store = createSqliteStore({
  path,
  ...(encryptionKey === undefined ? {} : { encryptionKey }),
});

serveFleetWorker({ config, createAuth: createPayoutsAuth, store, closeStore: () => store.close() });
