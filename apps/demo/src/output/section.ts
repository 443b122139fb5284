import type { Style } from './style.js';

const LABEL_WIDTH = 15;

/** A step's lines under its label: the label on the first line, the rest indented beneath. */
export function formatStepLines(
  label: string,
  lines: readonly string[],
  ok: boolean,
  style: Style,
): string[] {
  const mark = ok ? style.green('✓') : style.red('✗');
  return lines.map((text, index) =>
    index === 0
      ? `  ${mark} ${label.padEnd(LABEL_WIDTH)}${text}`
      : `    ${' '.repeat(LABEL_WIDTH)}${style.dim(text)}`,
  );
}

/** A step that did not run, with the reason. */
export function formatSkipped(label: string, reason: string, style: Style): string {
  return `  - ${label.padEnd(LABEL_WIDTH)}${style.dim(`skipped: ${reason}`)}`;
}
