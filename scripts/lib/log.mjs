// Output helpers shared by scripts/run.mjs and its steps.

/** A line from the runner itself, set apart from the output of the tools it runs. */
export function log(message) {
  console.log(`[run] ${message}`);
}

/** Seconds with one decimal, for wall-time figures. */
export function formatSeconds(milliseconds) {
  return `${(milliseconds / 1000).toFixed(1)}s`;
}
