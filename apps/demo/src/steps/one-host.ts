import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OneHostJob, OneHostReport } from '../one-host-worker.js';
import type { Step } from './step.js';

const WORKERS = 3;
const CALLERS = 50;
/** A worker that neither reports nor exits within this is killed: far above what one takes. */
const WORKER_DEADLINE_MS = 60_000;
const workerPath = fileURLToPath(new URL('../one-host-worker.js', import.meta.url));

/** Starts `WORKERS` processes on the file at once, each with `job`; resolves their reports. */
function runWorkers(job: OneHostJob): Promise<OneHostReport[]> {
  return Promise.all(
    Array.from(
      { length: WORKERS },
      () =>
        new Promise<OneHostReport>((resolve, reject) => {
          // Node 22 warns that node:sqlite is experimental: the demo keeps its own output clean.
          const child = fork(workerPath, [], {
            execArgv: ['--disable-warning=ExperimentalWarning'],
            stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
          });
          let stderr = '';
          child.stderr?.on('data', (chunk: Buffer) => {
            stderr += chunk.toString();
          });
          const deadline = setTimeout(() => child.kill('SIGKILL'), WORKER_DEADLINE_MS);
          let report: OneHostReport | undefined;
          child.once('message', (message: OneHostReport) => {
            report = message;
          });
          child.once('exit', (code, signal) => {
            clearTimeout(deadline);
            if (report !== undefined) resolve(report);
            else
              reject(new Error(`a worker ended (${code ?? signal}) without a report: ${stderr}`));
          });
          child.send(job);
        }),
    ),
  );
}

/**
 * Three worker processes on one SQLite file, as PM2 cluster mode or systemd
 * instances would run them: their callers share one token request, and a
 * wrong password tried twice in each of them is stopped at 2 attempts.
 */
export const oneHostStep: Step = {
  label: 'one host',
  column: `${WORKERS} processes`,
  sandboxOnly: 'a wrong password is never tried against a real account',
  async run({ target }) {
    const { product, options } = target;
    // A file of this run's own: its count starts at zero, and nothing stays behind.
    const folder = mkdtempSync(join(tmpdir(), 'enkash-demo-one-host-'));
    try {
      const path = join(folder, 'tokens.sqlite');
      target.sandbox?.setTokenLifetime(300);
      const job = { product: product.name, options, path, callers: CALLERS, rounds: 1 };
      let before = target.tokenRequestCount();
      const served = await runWorkers(job);
      const sent = target.tokenRequestCount() - before;
      const tokens = new Set(served.flatMap((report) => report.tokens));
      const servedOk = sent === 1 && tokens.size === 1 && served.every((r) => r.codes.length === 0);

      // Each process asks twice: after a refusal, as a service retrying would.
      const wrong = {
        ...job,
        rounds: 2,
        options: { ...options, password: `${options.password}-typo` },
      };
      before = target.tokenRequestCount();
      const refused = await runWorkers(wrong);
      const attempts = target.tokenRequestCount() - before;
      const codes = [...new Set(refused.flatMap((report) => report.codes))].sort();
      const locked = target.sandbox?.isLocked(options.username) ?? false;
      const stoppedOk =
        attempts <= 2 &&
        !locked &&
        refused.every((report) => report.tokens.length === 0) &&
        codes.every((code) => code === 'REJECTED' || code === 'LOCKOUT_GUARD');

      const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
      return {
        ok: servedOk && stoppedOk,
        lines: [
          `${WORKERS} processes x ${CALLERS} callers on one SQLite file -> ${plural(sent, 'token request')}; ${tokens.size === 1 ? 'all got the same token' : `${tokens.size} different tokens`}`,
          `wrong password in ${WORKERS} processes, twice each -> ${plural(attempts, 'token request')} (${codes.join(', ')}); ${locked ? 'the account is LOCKED' : 'the account is not locked'}`,
        ],
        summary: servedOk && stoppedOk ? `1 request, stopped at ${attempts}` : 'failed',
      };
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
