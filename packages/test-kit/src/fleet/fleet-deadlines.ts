// The deadlines multi-process tests run under. Every time limit of such a test follows from the
// deadlines it may meet one after another, with generous slack, so a loaded machine (both cores
// busy) slows the suite down without failing it.

/** Fork, type stripping and imports of one worker process, on a loaded machine. */
export const WORKER_READY_MS = 20_000;
/** One token request: the core's default `timeoutMs`. */
export const TOKEN_REQUEST_MS = 10_000;
/** The fleet lock's TTL in these tests: short enough to watch a takeover. */
export const LOCK_TTL_MS = 3_000;
/** A waiter gives up on a holder after `lockTtlMs + timeoutMs` and requests alone. */
export const WAITER_GIVES_UP_MS = LOCK_TTL_MS + TOKEN_REQUEST_MS;
/** The race cases: a fleet lock far shorter than EnKash's answer. */
export const RACE_LOCK_TTL_MS = 200;
/** How long the sandbox delays its answer in the race cases. */
export const ANSWER_DELAY_MS = 1_500;
/** Starting a server (its own readiness deadline) or the sandbox; every process's exit. */
export const SETUP_MS = 10_000;
const SLACK = 3;

/** A case's time limit: the deadlines it may meet one after another, times the slack. */
export function timeLimit(...deadlinesMs: number[]): number {
  return SLACK * deadlinesMs.reduce((sum, deadline) => sum + deadline, 0);
}
