// Cached getToken() of two builds of the repository, side by side in one process: each build's
// rewards dist (with the core its node_modules link) holds a token from one sandbox, and the two
// are timed batch by batch, alternately, so a noisy machine slows both alike. For a change that
// must not cost the cached path anything (the operators' events of issue 22 were checked so).
//
// Usage, after building both trees (`pnpm build` in each):
//   node bench/dist/cached-between-builds.js <before-tree> <after-tree>
import { performance } from 'node:perf_hooks';
import { startSandbox } from '@enkash/sandbox';

const BATCH = 20_000;
const WARM_ROUNDS = 20;
const ROUNDS = 200;

type GetToken = () => Promise<unknown>;
type CreateRewardsAuth = (options: object) => { getToken: GetToken };

const [beforeTree, afterTree] = process.argv.slice(2);
if (beforeTree === undefined || afterTree === undefined) {
  throw new Error('usage: cached-between-builds <before-tree> <after-tree>');
}
const load = async (tree: string) =>
  (
    (await import(`${tree}/packages/rewards/dist/index.js`)) as {
      createRewardsAuth: CreateRewardsAuth;
    }
  ).createRewardsAuth;

/** Nanoseconds per cached call, over one batch. */
async function timeBatch(getToken: GetToken): Promise<number> {
  const start = performance.now();
  for (let call = 0; call < BATCH; call += 1) await getToken();
  return ((performance.now() - start) * 1e6) / BATCH;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * q)] ?? Number.NaN;

const sandbox = await startSandbox();
try {
  const options = { baseUrl: sandbox.baseUrl('rewards'), ...sandbox.users.rewards };
  const before = (await load(beforeTree))(options);
  const after = (await load(afterTree))(options);
  await before.getToken();
  await after.getToken();
  for (let round = 0; round < WARM_ROUNDS; round += 1) {
    await timeBatch(() => before.getToken());
    await timeBatch(() => after.getToken());
  }
  const ratios: number[] = [];
  const beforeNs: number[] = [];
  const afterNs: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate which goes first, so neither always runs on a warmer or colder stretch.
    const [first, second] = round % 2 === 0 ? [before, after] : [after, before];
    const firstNs = await timeBatch(() => first.getToken());
    const secondNs = await timeBatch(() => second.getToken());
    const [b, a] = first === before ? [firstNs, secondNs] : [secondNs, firstNs];
    beforeNs.push(b);
    afterNs.push(a);
    ratios.push(b / a);
  }
  console.log(
    `cached getToken(): before ${median(beforeNs).toFixed(1)} ns, after ${median(afterNs).toFixed(1)} ns; ` +
      `before ÷ after ${median(ratios).toFixed(3)}× (middle half ${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)}; above 1: after is faster)`,
  );
} finally {
  await sandbox.close();
}
