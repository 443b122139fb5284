import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../bench-context.js';
import { type Figure, formatDuration } from '../figure.js';
import { CHILD_INPUT_VARIABLE, type ChildInput } from '../first-token/child-io.js';
import { tokenRequestFigures } from '../peers/token-request-figures.js';
import { TOKEN_REQUEST_PEERS, type TokenRequestPeer } from '../peers/token-request-peer-labels.js';
import { runProcessRounds } from '../process-rounds.js';

const FIGURE = "A new process's first token (rewards)";
/** Ours against the fastest peer: our time ÷ theirs at most this. */
const FASTEST_PEER_TARGET = 1.1;
/** How many times the usual rounds: one child is a single sample of tens of milliseconds. */
const ROUNDS_FACTOR = 2;

const SCRIPTS: Record<'ours' | 'node' | TokenRequestPeer, string> = {
  ours: 'ours.js',
  bare: 'bare.js',
  oauth4webapi: 'oauth4webapi.js',
  simpleOauth2: 'simple-oauth2.js',
  node: 'node-alone.js',
};

/**
 * What a short-lived process (a CLI, a cron job, a serverless cold start)
 * pays for its first token: a new Node process that imports the package from
 * node_modules (`@enkash/rewards`, its built dist), creates the auth and
 * awaits one `getToken()` from the sandbox on 127.0.0.1 (which runs in this
 * process), against a new process doing the same request by hand (`fetch` +
 * `json()`), with oauth4webapi and with simple-oauth2. Each round runs one
 * child of each, in rotated order; the ratio is the median of the per-round
 * ratios of the children's CPU time. A child that loads nothing is run beside
 * them, to show what starting Node costs every side.
 */
export async function benchFirstToken(context: BenchContext): Promise<Figure[]> {
  const { sandbox, timing } = context;
  const input: ChildInput = { baseUrl: sandbox.baseUrl('rewards'), user: sandbox.users.rewards };
  const contenders = Object.entries(SCRIPTS).map(([name, script]) => ({
    name,
    script: fileURLToPath(new URL(`../first-token/${script}`, import.meta.url)),
  }));
  context.progress(`${FIGURE} ...`);
  const result = await runProcessRounds(contenders, {
    rounds: timing.rounds * ROUNDS_FACTOR,
    warmupRounds: timing.warmupRounds,
    environment: { [CHILD_INPUT_VARIABLE]: JSON.stringify(input) },
  });
  const time = (name: string) => formatDuration(result.medianNs.wall[name] ?? Number.NaN);
  const { figures, fastest } = tokenRequestFigures(
    result,
    {
      figure: FIGURE,
      ratioMeaning:
        'our time ÷ theirs, CPU time of the whole child process (below 1: ours is faster)',
    },
    FASTEST_PEER_TARGET,
  );
  const last = figures[figures.length - 1] as Figure;
  last.note = `a new Node process that loads nothing costs ${formatDuration(result.medianNs.cpu.node ?? Number.NaN)} of CPU (${time('node')} from spawn to exit), paid by every side; from spawn to exit ours takes ${time('ours')}, ${TOKEN_REQUEST_PEERS[fastest]} ${time(fastest)}. ${result.roundsNs.cpu.ours?.length ?? 0} rounds.`;
  return figures;
}
