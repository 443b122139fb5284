// One process of a host, as an application on @enkash/auth-sqlite would run it: a store on the
// shared file and a payouts auth, from the packages npm installed. Its callers ask for a token at
// once; it prints what they got as one line, closes the store and must then exit by itself.
import { createHash } from 'node:crypto';
import { createSqliteStore } from '@enkash/auth-sqlite';
import { createPayoutsAuth } from '@enkash/payouts';

const { baseUrl, user, password, path, callers } = JSON.parse(process.argv[2] ?? '{}');
const store = createSqliteStore({ path });
const auth = createPayoutsAuth({ baseUrl, ...user, password, store, retries: 0 });
const outcomes = await Promise.allSettled(Array.from({ length: callers }, () => auth.getToken()));
const tokens = new Set();
const codes = [];
for (const outcome of outcomes) {
  if (outcome.status === 'fulfilled') {
    tokens.add(createHash('sha256').update(outcome.value.accessToken).digest('hex').slice(0, 16));
  } else {
    codes.push(outcome.reason?.code ?? String(outcome.reason));
  }
}
await store.close();
console.log(`RESULT ${JSON.stringify({ tokens: [...tokens], codes: [...new Set(codes)] })}`);
