import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBuiltCore } from '../test-support/child-process.js';
import { sandboxOptions, useSandbox } from '../test-support/sandbox.js';

const sandbox = useSandbox();
const packageRoot = join(import.meta.dirname, '..');
const entry = useBuiltCore('process-exit-test');
// Time limits follow from the deadlines below, with slack for a loaded machine.
/**
 * The child is killed after this: well under the 60 s its background retry
 * waits, so a process kept alive by that wait fails the case instead of passing late.
 */
const CHILD_DEADLINE_MS = 30_000;
const SLACK = 2;

/** Runs an ES module in a fresh Node process; resolves with its exit code and output. */
function runModule(source: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '--eval', source],
      { cwd: packageRoot, env: { ...process.env, ...env }, timeout: CHILD_DEADLINE_MS },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : (child.exitCode ?? null), stdout, stderr });
      },
    );
  });
}

describe('background work never keeps the process alive', () => {
  it('a process exits while its background refresh waits a minute to retry', {
    timeout: SLACK * CHILD_DEADLINE_MS,
  }, async () => {
    // The refresh's first attempt gets 503 with Retry-After: 60, so its retry
    // waits 60 s. That wait is unref'd: the process ends as soon as its own
    // work is done, long before the child's 30 s deadline would kill it.
    sandbox().enqueueFault('payouts', { type: 'delay', ms: 0 });
    sandbox().enqueueFault('payouts', {
      type: 'status',
      status: 503,
      headers: { 'Retry-After': '60' },
    });
    const source = `
      import { camelCaseShape, createAuth } from ${JSON.stringify(entry())};
      const definition = { product: 'payouts', version: 'exit-test', responses: [camelCaseShape] };
      let now = Date.now();
      const auth = createAuth(definition, {
        ...JSON.parse(process.env.AUTH_OPTIONS),
        clock: { now: () => now },
        retries: 1,
        maxRetryDelayMs: 60000,
      });
      const first = await auth.getToken();
      now += 250000; // inside the refresh window
      const served = await auth.getToken();
      console.log(served === first ? 'served-cached' : 'served-other');
    `;
    const result = await runModule(source, {
      AUTH_OPTIONS: JSON.stringify(sandboxOptions(sandbox(), 'payouts')),
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('served-cached');
    expect(result.code).toBe(0);
    // The background refresh did start (and got its 503) before the process ended.
    expect(
      sandbox()
        .requests('payouts')
        .map((entry) => entry.status),
    ).toEqual([200, 503]);
  });
});
