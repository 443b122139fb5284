// Multi-process fleet tests: worker processes sharing one store, driven over IPC. No vitest in
// here: the worker side runs in plain Node processes.
export { combineFleetResults, errorCount } from './combine-fleet-results.js';
export { createFleet, type Fleet } from './create-fleet.js';
export { ensureBuilt } from './ensure-built.js';
export {
  ANSWER_DELAY_MS,
  LOCK_TTL_MS,
  RACE_LOCK_TTL_MS,
  SETUP_MS,
  TOKEN_REQUEST_MS,
  timeLimit,
  WAITER_GIVES_UP_MS,
  WORKER_READY_MS,
} from './fleet-deadlines.js';
export type {
  FleetAuthConfig,
  FleetCommand,
  FleetReport,
  FleetResult,
  FleetWorkerConfig,
} from './fleet-protocol.js';
export {
  type FleetWorkerParts,
  readFleetWorkerConfig,
  serveFleetWorker,
} from './serve-fleet-worker.js';
export { type FleetWorker, startFleetWorker } from './start-fleet-worker.js';
