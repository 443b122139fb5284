import { redactText } from '../mask.js';
import type { OutputMode } from './output-mode.js';
import { createStyle, type Style } from './style.js';

/** Anything with `write`, such as `process.stdout`. */
export interface TextStream {
  write(text: string): unknown;
}

/** A live progress line; on a non-terminal every call does nothing. */
export interface Progress {
  update(text: string): void;
  stop(): void;
}

/** Where the demo prints: redacts known secrets, styles when allowed, animates when live. */
export interface Terminal {
  readonly style: Style;
  line(text?: string): void;
  progress(text: string): Progress;
  /** Values that must never be printed (replaced by `[redacted]` if they ever were). */
  addSecrets(...secrets: string[]): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;
const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/** Creates a {@link Terminal} on `stream` with the given {@link OutputMode}. */
export function createTerminal(stream: TextStream, mode: OutputMode): Terminal {
  const secrets = new Set<string>();
  const style = createStyle(mode.color);
  let shown = 0;

  const clear = () => {
    if (shown > 0) stream.write(`\r${' '.repeat(shown)}\r`);
    shown = 0;
  };

  return {
    style,
    line(text = '') {
      clear();
      stream.write(`${redactText(text, secrets)}\n`);
    },
    progress(initial) {
      if (!mode.live) return SILENT;
      let text = initial;
      let frame = 0;
      const draw = () => {
        // Plain `\r` and spaces, no cursor codes: nothing to strip when colour is off.
        const content = redactText(`${FRAMES[frame % FRAMES.length]} ${text}`, secrets);
        clear();
        stream.write(content);
        shown = content.length;
        frame += 1;
      };
      draw();
      const timer = setInterval(draw, FRAME_MS);
      (timer as { unref?: () => void }).unref?.();
      return {
        update(next) {
          text = next;
          draw();
        },
        stop() {
          clearInterval(timer);
          clear();
        },
      };
    },
    addSecrets(...values) {
      for (const value of values) if (value !== '') secrets.add(value);
    },
  };
}
