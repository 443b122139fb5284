// Runs the whole vitest suite (root projects config) under one Node binary and counts the
// results from vitest's JSON report.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { log } from './log.mjs';
import { runProcess } from './steps.mjs';

/** Reads a vitest JSON report into passed/failed/skipped counts. */
export function countResults(reportFile, exitCode) {
  if (!existsSync(reportFile)) {
    log(`no vitest report at ${reportFile}: counting the run as one failure`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  let failed = report.numFailedTests;
  // A file that fails to load has no failed test in it, yet is a failure.
  for (const file of report.testResults ?? []) {
    const hasFailedTest = file.assertionResults.some((result) => result.status === 'failed');
    if (file.status === 'failed' && !hasFailedTest) {
      log(
        `failed test file: ${file.name}${file.message ? ` (${file.message.split('\n')[0]})` : ''}`,
      );
      failed += 1;
    }
  }
  // vitest also exits non-zero on unhandled errors between tests; do not let that pass as green.
  if (exitCode !== 0 && failed === 0) {
    log(
      `vitest exited with ${exitCode} without a failed test (unhandled error?): counting one failure`,
    );
    failed = 1;
  }
  return {
    passed: report.numPassedTests,
    failed,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/**
 * Runs `vitest run` from the repository root with `node`, and returns the counts. The Node
 * binary's folder goes first on PATH so that tests spawning `node` get the same version.
 * `args` go to vitest (e.g. `--config` for a suite outside the root projects).
 */
export async function runVitest({ root, node, label, env, args = [] }) {
  const reportDirectory = path.join(root, '.reports');
  mkdirSync(reportDirectory, { recursive: true });
  const reportFile = path.join(reportDirectory, `vitest-${label}.json`);
  rmSync(reportFile, { force: true });
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const exitCode = await runProcess(
    node,
    [
      vitest,
      'run',
      ...args,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reportFile}`,
    ],
    {
      cwd: root,
      env: { ...env, PATH: [path.dirname(node), env.PATH].join(path.delimiter), CI: env.CI ?? '1' },
    },
  );
  const counts = countResults(reportFile, exitCode);
  log(`${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  return { exitCode, counts };
}
