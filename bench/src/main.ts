// `pnpm bench`: every figure of the performance issue, side by side, in one
// run and one process. Prints a table (targets and PASS/MISS) and writes
// bench/results.json. Options: --quick (fewer rounds), --only name,name
// (scenario names below), --strict (exit 1 on a MISS).
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSandbox } from '@enkash/sandbox';
import type { BenchContext } from './bench-context.js';
import type { Figure } from './figure.js';
import { formatTable } from './report.js';
import { benchBearerCall } from './scenarios/bearer-call.js';
import { benchCachedGetToken } from './scenarios/cached-get-token.js';
import { benchConcurrency } from './scenarios/concurrency.js';
import { benchEncryptPayload } from './scenarios/encrypt-payload.js';
import { benchEncryptedCall } from './scenarios/encrypted-call.js';
import { benchFirstToken } from './scenarios/first-token.js';
import { benchMemory } from './scenarios/memory.js';
import { benchTokenRequest } from './scenarios/token-request.js';

const SCENARIOS: Record<string, (context: BenchContext) => Promise<Figure[]>> = {
  cached: benchCachedGetToken,
  'first-token': benchFirstToken,
  'token-request': benchTokenRequest,
  bearer: benchBearerCall,
  encrypted: benchEncryptedCall,
  'encrypt-payload': benchEncryptPayload,
  concurrency: benchConcurrency,
  memory: benchMemory,
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const names = values.only === undefined ? Object.keys(SCENARIOS) : values.only.split(',');
  for (const name of names) {
    if (!(name in SCENARIOS)) {
      console.error(`unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
      return 2;
    }
  }
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
  };
  const started = new Date();
  // Payouts tokens outlive the run, so no cached scenario crosses a refresh.
  const sandbox = await startSandbox({ products: { payouts: { tokenLifetimeSeconds: 3600 } } });
  const context: BenchContext = {
    sandbox,
    timing: values.quick
      ? { rounds: 7, batchMs: 10, warmupRounds: 1 }
      : { rounds: 31, batchMs: 25, warmupRounds: 3 },
    progress: (message) => process.stderr.write(`bench: ${message}\n`),
  };
  const figures: Figure[] = [];
  try {
    for (const name of names) {
      figures.push(...(await (SCENARIOS[name] as (typeof SCENARIOS)[string])(context)));
    }
  } finally {
    await sandbox.close();
  }
  const counts = { PASS: 0, MISS: 0, SKIP: 0, INFO: 0 };
  for (const figure of figures) counts[figure.verdict] += 1;
  console.log('');
  console.log(
    `EnKash auth SDK benchmarks, ${started.toISOString()}, ${machine.cpu} (${machine.cores} cores), Node ${machine.node}`,
  );
  console.log(
    "Times are CPU time of this process per operation (the sandbox runs in it), except a new process's first token: the CPU time of each whole child process, one child per contender per round; ratios are medians of per-round ratios from interleaved rounds of this one run (batch by batch for the nanosecond figures, operation by operation for the millisecond ones, child by child for the new processes), on CPU time, with elapsed (wall) time beside.",
  );
  console.log('');
  console.log(formatTable(figures));
  console.log('');
  console.log(`${counts.PASS} PASS, ${counts.MISS} MISS, ${counts.SKIP} SKIP`);
  const output = fileURLToPath(new URL('../results.json', import.meta.url));
  writeFileSync(
    output,
    `${JSON.stringify({ date: started.toISOString(), machine, timing: context.timing, figures }, null, 2)}\n`,
  );
  console.log(`written: bench/results.json`);
  return values.strict && counts.MISS > 0 ? 1 : 0;
}

process.exitCode = await main();
