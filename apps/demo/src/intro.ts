import type { Terminal } from './output/terminal.js';
import type { Target } from './targets/target.js';

/** The few lines that tell a newcomer what they are about to see. */
export function printIntro(terminal: Terminal, targets: readonly Target[]): void {
  const { style } = terminal;
  terminal.line(style.bold('EnKash auth SDK demo'));
  const first = targets[0];
  if (first?.kind === 'real') {
    terminal.line(
      `Real mode: ${first.product.title} at ${first.baseUrl}, with your ENKASH_* settings (values never printed).`,
    );
    terminal.line(
      'Sandbox-only steps are skipped: no wrong password is ever tried on a real account.',
    );
  } else {
    terminal.line(
      'No ENKASH_* settings found, so this runs against an embedded sandbox (a local EnKash',
    );
    terminal.line(
      `token server on ${new URL(first?.baseUrl ?? 'http://127.0.0.1').host}) with demo users. Set ENKASH_PRODUCT, ENKASH_BASE_URL, ...`,
    );
    terminal.line('or write them to a .env file to walk through your own EnKash environment.');
  }
  terminal.line();
}
