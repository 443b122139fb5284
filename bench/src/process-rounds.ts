import { spawn } from 'node:child_process';
import type { ChildReport } from './first-token/child-io.js';
import { emptyRounds, type InterleavedResult, mediansOf } from './interleaved.js';

/** One side of a new-process comparison: a script run as a child process. */
export interface ProcessContender {
  name: string;
  /** Absolute path of the script, run with this process's Node binary. */
  script: string;
}

/** How many rounds, and with what environment, the children run. */
export interface ProcessRoundsOptions {
  /** Rounds in which every contender runs one child; ratios are taken per round. */
  rounds: number;
  /** Rounds run first and thrown away (the file system cache, the sandbox's first answers). */
  warmupRounds: number;
  /** Variables added to the children's environment. */
  environment: Record<string, string>;
}

/** A child that has not exited by then is killed and the run fails. */
const CHILD_DEADLINE_MS = 30_000;

/**
 * Runs each contender as a whole new process, one at a time: each round runs
 * one child of each, in an order rotated every round, so that a slow moment of
 * a shared machine falls on all of them alike, and ratios are taken within a
 * round. `cpu` is the child's own CPU time (user + system, every thread, from
 * its `process.resourceUsage()` once it holds its token: the whole start-up,
 * module loading and request); `wall` is from `spawn` to the child's exit, as
 * this process sees it. The children run with this Node binary, none of its
 * flags, and without `NODE_OPTIONS` or a compile cache, as a plain `node app.js`.
 */
export async function runProcessRounds(
  contenders: readonly ProcessContender[],
  options: ProcessRoundsOptions,
): Promise<InterleavedResult> {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...options.environment };
  delete environment.NODE_OPTIONS;
  delete environment.NODE_COMPILE_CACHE;
  const roundsNs = emptyRounds(contenders);
  for (let round = 0; round < options.warmupRounds + options.rounds; round += 1) {
    for (let index = 0; index < contenders.length; index += 1) {
      const contender = contenders[(round + index) % contenders.length] as ProcessContender;
      const { cpuNs, wallNs } = await runChild(contender, environment);
      if (round < options.warmupRounds) continue;
      roundsNs.cpu[contender.name]?.push(cpuNs);
      roundsNs.wall[contender.name]?.push(wallNs);
    }
  }
  const batchSizes = Object.fromEntries(contenders.map((contender) => [contender.name, 1]));
  return { batchSizes, medianNs: mediansOf(roundsNs), roundsNs };
}

function runChild(
  contender: ProcessContender,
  environment: NodeJS.ProcessEnv,
): Promise<{ cpuNs: number; wallNs: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [contender.script], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CHILD_DEADLINE_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const wallNs = Number(process.hrtime.bigint() - started);
      if (code !== 0) {
        const why = signal === null ? `exit code ${code}` : `signal ${signal}`;
        reject(new Error(`${contender.name} child failed (${why}): ${stderr.slice(0, 2_000)}`));
        return;
      }
      try {
        const report = JSON.parse(stdout) as ChildReport;
        resolve({ cpuNs: report.cpuMicroseconds * 1_000, wallNs });
      } catch (error) {
        reject(
          new Error(`${contender.name} child printed no report: ${stdout.slice(0, 200)}`, {
            cause: error,
          }),
        );
      }
    });
  });
}
