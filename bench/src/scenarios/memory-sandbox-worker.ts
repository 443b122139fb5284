// A sandbox in a worker thread: its tokens and request log live in the
// worker's heap, so the main thread's heap holds only what the auths hold.
import { parentPort, workerData } from 'node:worker_threads';
import { startSandbox } from '@enkash/sandbox';
import { tenantUser } from '../tenants.js';

const { tenants } = workerData as { tenants: number };
const users = Array.from({ length: tenants }, (_, index) => tenantUser(index));
const sandbox = await startSandbox({
  users: { payouts: users },
  products: { payouts: { tokenLifetimeSeconds: 3600 } },
});
parentPort?.postMessage({ baseUrl: sandbox.baseUrl('payouts') });
parentPort?.once('message', () => {
  void sandbox.close().then(() => parentPort?.close());
});
