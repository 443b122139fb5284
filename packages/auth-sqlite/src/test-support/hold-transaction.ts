// A process that dies mid-transaction: it opens the store's file as the store does, takes the
// write lock (BEGIN IMMEDIATE), writes a lock row and a value large enough to spill into the WAL
// before any commit, tells the test, and waits to be killed. Run directly by Node.
import { DatabaseSync } from 'node:sqlite';

const path = process.env.ENKASH_SQLITE_FILE ?? '';
const database = new DatabaseSync(path);
database.exec('PRAGMA journal_mode = WAL');
database.exec('BEGIN IMMEDIATE');
database
  .prepare('INSERT OR REPLACE INTO enkash_locks (key, owner, expires_at) VALUES (?, ?, ?)')
  .run('account:lock', 'killed-mid-transaction', Date.now() + 3_600_000);
database
  .prepare(
    'INSERT OR REPLACE INTO enkash_values (key, value, record, expires_at) VALUES (?, ?, 0, NULL)',
  )
  .run('account:token', 'x'.repeat(8 * 1024 * 1024));
process.send?.('holding');
setInterval(() => undefined, 60_000);
