// One worker process of the demo's "one host" step: a SQLite store on the shared file and the
// product's auth, as an application's worker (PM2 cluster mode, systemd instances) would have.
// It waits for its job over IPC, has every caller ask for a token at once (once per round), reports the
// fingerprints and error codes they got, closes the store and exits.
import { createSqliteStore } from '@enkash/auth-sqlite';
import { fingerprint } from './fingerprint.js';
import { type DemoAuthOptions, PRODUCTS, type ProductName } from './products.js';

/** What the step sends each worker. */
export interface OneHostJob {
  product: ProductName;
  options: DemoAuthOptions;
  path: string;
  callers: number;
  /** How many times the callers ask, one round after the other. */
  rounds: number;
}

/** What each worker reports. */
export interface OneHostReport {
  tokens: string[];
  codes: string[];
}

process.once('message', async (job: OneHostJob) => {
  const store = createSqliteStore({ path: job.path });
  const auth = PRODUCTS[job.product].create({ ...job.options, store });
  const outcomes: PromiseSettledResult<{ accessToken: string }>[] = [];
  for (let round = 0; round < job.rounds; round += 1) {
    outcomes.push(
      ...(await Promise.allSettled(Array.from({ length: job.callers }, () => auth.getToken()))),
    );
  }
  const tokens = new Set<string>();
  const codes = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') tokens.add(fingerprint(outcome.value.accessToken));
    else codes.add((outcome.reason as { code?: string }).code ?? 'ERROR');
  }
  await store.close();
  const report: OneHostReport = { tokens: [...tokens], codes: [...codes] };
  process.send?.(report, () => process.disconnect());
});
