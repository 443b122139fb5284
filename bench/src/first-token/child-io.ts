// What every first-token child shares: its input from the bench and the report it prints. Kept
// free of imports so that it adds the same one small module to every contender.

/** The environment variable carrying a child's input, as JSON. */
export const CHILD_INPUT_VARIABLE = 'ENKASH_BENCH_FIRST_TOKEN';

/** What the bench hands a first-token child: the rewards sandbox and its user. */
export interface ChildInput {
  baseUrl: string;
  user: { clientId: string; clientSecret: string; username: string; password: string };
}

/** What a child prints on stdout once it holds a token, as one line of JSON. */
export interface ChildReport {
  /** User plus system CPU time of the whole process so far (every thread), in microseconds. */
  cpuMicroseconds: number;
  /** Milliseconds since the process started (`performance.now()`). */
  elapsedMs: number;
  /** Peak resident memory, in kilobytes. */
  maxRssKilobytes: number;
}

/** The child's input, from {@link CHILD_INPUT_VARIABLE}. */
export function readChildInput(): ChildInput {
  const text = process.env[CHILD_INPUT_VARIABLE];
  if (text === undefined) throw new Error(`${CHILD_INPUT_VARIABLE} is not set`);
  return JSON.parse(text) as ChildInput;
}

/** Checks that the child got a token, then prints its {@link ChildReport}. */
export function reportChild(accessToken: unknown): void {
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    throw new Error('the child got no access token');
  }
  const usage = process.resourceUsage();
  const report: ChildReport = {
    cpuMicroseconds: usage.userCPUTime + usage.systemCPUTime,
    elapsedMs: performance.now(),
    maxRssKilobytes: usage.maxRSS,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
