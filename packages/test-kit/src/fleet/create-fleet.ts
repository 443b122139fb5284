import type { FleetWorkerConfig } from './fleet-protocol.js';
import { type FleetWorker, startFleetWorker } from './start-fleet-worker.js';

/** The workers a test started from one worker file, to start together and kill together. */
export interface Fleet {
  /**
   * Starts `count` workers at once, each with `config()`, and resolves once
   * all are ready. Every one that started is killed by `killAll()`, even
   * when another failed to start.
   */
  start(count: number, config: () => FleetWorkerConfig): Promise<FleetWorker[]>;
  /** Kills (SIGKILL) every worker started so far and waits for them: call it in `afterEach`. */
  killAll(): Promise<void>;
}

/** A {@link Fleet} of processes running `workerPath`. */
export function createFleet(workerPath: string): Fleet {
  let workers: FleetWorker[] = [];
  return {
    async start(count, config) {
      const starting = Array.from({ length: count }, () => startFleetWorker(workerPath, config()));
      for (const outcome of await Promise.allSettled(starting)) {
        if (outcome.status === 'fulfilled') workers.push(outcome.value);
      }
      return Promise.all(starting);
    },
    async killAll() {
      const started = workers;
      workers = [];
      await Promise.all(started.map((worker) => worker.kill()));
    },
  };
}
