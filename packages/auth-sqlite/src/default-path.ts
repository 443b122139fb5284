import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** What {@link defaultStorePath} reads: the process's own by default, for tests. */
export interface DefaultPathContext {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homedir: () => string;
}

const FOLDER = 'enkash-auth';
const FILE = 'tokens.sqlite';

/**
 * Where the store keeps its file when `path` is not given: in the OS user's
 * state directory, so every process of that user on the host shares it and
 * it outlives restarts and reboots (unlike the temporary directory, which
 * systemd's `PrivateTmp=` splits per service and boots may empty).
 *
 * - Linux and other Unix: `$XDG_STATE_HOME/enkash-auth/tokens.sqlite`, or
 *   `~/.local/state/enkash-auth/tokens.sqlite` (XDG Base Directory spec);
 * - macOS: `~/Library/Application Support/enkash-auth/tokens.sqlite`;
 * - Windows: `%LOCALAPPDATA%\enkash-auth\tokens.sqlite`.
 */
export function defaultStorePath(
  context: DefaultPathContext = { platform: process.platform, env: process.env, homedir },
): string {
  const { env } = context;
  if (context.platform === 'win32') {
    const local = env.LOCALAPPDATA;
    return join(
      local !== undefined && isAbsolute(local)
        ? local
        : join(context.homedir(), 'AppData', 'Local'),
      FOLDER,
      FILE,
    );
  }
  if (context.platform === 'darwin') {
    return join(context.homedir(), 'Library', 'Application Support', FOLDER, FILE);
  }
  const state = env.XDG_STATE_HOME;
  // The spec: a relative XDG_STATE_HOME is invalid and must be ignored.
  const base =
    state !== undefined && isAbsolute(state) ? state : join(context.homedir(), '.local', 'state');
  return join(base, FOLDER, FILE);
}
