import { describe, expect, it } from 'vitest';
import type { OutputMode } from './output-mode.js';
import { createTerminal } from './terminal.js';

const ESCAPE = String.fromCharCode(27);

/** Runs one progress line and one result line through a terminal; returns every write. */
function exercise(mode: OutputMode, secret?: string): string[] {
  const writes: string[] = [];
  const terminal = createTerminal({ write: (text: string) => writes.push(text) }, mode);
  if (secret !== undefined) terminal.addSecrets(secret, '');
  const progress = terminal.progress(`payouts: token ${secret ?? ''}`.trim());
  progress.update('payouts: 1000 callers');
  progress.stop();
  terminal.line(terminal.style.green(`done ${secret ?? ''}`.trim()));
  return writes;
}

describe('createTerminal', () => {
  it('writes plain lines and no progress when not live', () => {
    expect(exercise({ live: false, color: false })).toEqual(['done\n']);
  });

  it('styles with ANSI codes only when colour is on', () => {
    expect(exercise({ live: false, color: true }).join('')).toContain(`${ESCAPE}[32mdone`);
  });

  it('draws progress in place with \\r on a live terminal, without ANSI codes', () => {
    const output = exercise({ live: true, color: false }).join('');
    expect(output).toContain('payouts: token');
    expect(output).toContain('payouts: 1000 callers');
    expect(output).not.toContain(ESCAPE);
    // The progress line is wiped before the next line, so `done` starts a clean line.
    expect(output).toMatch(/\r +\rdone\n$/);
  });

  it('redacts every registered secret from lines and progress', () => {
    const output = exercise({ live: true, color: false }, 'token-value-123').join('');
    expect(output).not.toContain('token-value-123');
    expect(output).toContain('payouts: token [redacted]');
    expect(output).toContain('done [redacted]');
  });
});
