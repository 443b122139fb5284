// One of many processes that open the same new SQLite file at the same instant: waits until
// the start time given, opens the store, writes one value and exits 0 (1 with the error).
import type * as AuthSqlite from '../index.js';

// The built package, as a user's process loads it; named through a variable so that type-checking
// a clean clone, before any build, needs no dist.
const packageName: string = '@enkash/auth-sqlite';
const { createSqliteStore } = (await import(packageName)) as typeof AuthSqlite;

const path = process.env.ENKASH_SQLITE_FILE as string;
const startAt = Number(process.env.ENKASH_START_AT);
while (Date.now() < startAt) {
  // Spin to the start line, so every process opens within the same millisecond or so.
}
try {
  const store = createSqliteStore({ path });
  await store.set(`opened:${process.pid}`, 'yes', 60_000);
  await store.close();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
