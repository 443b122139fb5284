import { formatDuration } from './output/format.js';
import { formatTable } from './output/summary-table.js';
import type { Terminal } from './output/terminal.js';
import type { Step } from './steps/step.js';
import type { ProductResult } from './walkthrough.js';

/** The closing table, one row per product, and the verdict line. */
export function printSummary(
  terminal: Terminal,
  steps: readonly Step[],
  results: readonly ProductResult[],
  elapsedMs: number,
): void {
  const { style } = terminal;
  const rows = [
    ['product', ...steps.map((step) => step.column)],
    ...results.map((result) => [result.product, ...result.cells]),
  ];
  terminal.line(style.bold('Summary'));
  for (const line of formatTable(rows)) terminal.line(`  ${line}`);
  terminal.line();
  const failed = results.filter((result) => !result.ok).map((result) => result.product);
  const took = formatDuration(elapsedMs);
  terminal.line(
    failed.length === 0
      ? style.green(`All checks passed in ${took}.`)
      : style.red(`Checks failed for ${failed.join(', ')} (marked ✗ above), after ${took}.`),
  );
}
