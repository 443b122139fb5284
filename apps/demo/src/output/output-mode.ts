/** How the output may look on the stream it goes to. */
export interface OutputMode {
  /** Live progress (a spinner line rewritten in place): only on a terminal. */
  live: boolean;
  /** ANSI colours: only on a terminal, and never with `NO_COLOR` or `TERM=dumb`. */
  color: boolean;
}

/** Decides the {@link OutputMode} from the stream and the environment. */
export function detectOutputMode(
  stream: { isTTY?: boolean },
  environment: Readonly<Record<string, string | undefined>>,
): OutputMode {
  const terminal = stream.isTTY === true && environment.TERM !== 'dumb';
  // https://no-color.org: present and not empty disables colour.
  const noColor = (environment.NO_COLOR ?? '') !== '';
  return { live: terminal, color: terminal && !noColor };
}
