import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { createPayoutsAuth } from '@enkash/payouts';
import type { BenchContext } from '../bench-context.js';
import { type Figure, formatBytes } from '../figure.js';
import { tenantUser } from '../tenants.js';

const TENANTS = 10_000;
const PARALLEL_TOKEN_REQUESTS = 16;

/**
 * Heap per tenant over 10,000 tenants: after creating one payouts auth each
 * (idle), and after each has fetched and holds a token. The sandbox runs in a
 * worker thread, whose heap is its own; credentials are built before the
 * baseline, so only what the auths add is counted.
 */
export async function benchMemory(context: BenchContext): Promise<Figure[]> {
  context.progress(`Memory, ${TENANTS.toLocaleString('en-US')} tenants ...`);
  const collect = garbageCollector();
  const worker = new Worker(new URL('./memory-sandbox-worker.js', import.meta.url), {
    workerData: { tenants: TENANTS },
  });
  try {
    const [{ baseUrl }] = (await once(worker, 'message')) as [{ baseUrl: string }];
    const tenantOptions = Array.from({ length: TENANTS }, (_, index) => ({
      baseUrl,
      ...tenantUser(index),
    }));
    // Module state, the connection pool and JIT code are paid once, not per tenant.
    const warm = createPayoutsAuth({ baseUrl, ...tenantUser(0) });
    await warm.getToken();
    const baseline = heapAfterCollection(collect);
    const auths = tenantOptions.map((options) => createPayoutsAuth(options));
    const idle = heapAfterCollection(collect);
    await forEachInParallel(auths, PARALLEL_TOKEN_REQUESTS, (auth) => auth.getToken());
    const holding = heapAfterCollection(collect);
    // Keep everything alive until the last measurement.
    if (auths.length !== TENANTS || tenantOptions.length !== TENANTS || warm === undefined) {
      throw new Error('unreachable');
    }
    return [
      {
        figure: `Memory over ${TENANTS.toLocaleString('en-US')} tenants`,
        against: 'heap per idle auth',
        ours: formatBytes((idle - baseline) / TENANTS),
        theirs: '',
        target: 'reported',
        verdict: 'INFO',
      },
      {
        figure: `Memory over ${TENANTS.toLocaleString('en-US')} tenants`,
        against: 'heap per auth holding a token',
        ours: formatBytes((holding - baseline) / TENANTS),
        theirs: '',
        target: 'reported',
        verdict: 'INFO',
      },
    ];
  } finally {
    worker.postMessage('close');
    await once(worker, 'exit');
  }
}

async function forEachInParallel<T>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

function garbageCollector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed;
  // Started without --expose-gc: expose it now.
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapAfterCollection(collect: () => void): number {
  for (let pass = 0; pass < 3; pass += 1) collect();
  return process.memoryUsage().heapUsed;
}
