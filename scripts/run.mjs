#!/usr/bin/env node
// The repository's entry point on any machine with Node 18+ and npm (see README.md):
//
//   node scripts/run.mjs demo    install everything, build, run apps/demo (arguments go to it)
//   node scripts/run.mjs test    install, lint, typecheck, build, size budget, packaging checks,
//                                docs, the whole vitest suite on Node 22 and on Node 24, then the
//                                consumer tests (packed tarballs, Node/Bun/Deno/workerd matrix)
//   node scripts/run.mjs bench   install, build, every benchmark figure side by side (bench/)
//   node scripts/run.mjs soak    install, build, the 60 s soak run (--seconds N)
//   node scripts/run.mjs setup   only fetch the toolchain and install dependencies
//   node scripts/run.mjs pnpm …  run the pinned pnpm with the repository's Node
//   node scripts/run.mjs node …  run the repository's Node (24, or the machine's 22+)
//
// Node and pnpm are taken from the machine when they are recent enough, otherwise fetched into
// the git-ignored `.tools/` folder. Nothing outside the repository is changed, no root needed
// (except to install redis-server/chromium from Debian for the tests that use them).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSeconds, log } from './lib/log.mjs';
import { ensureServices } from './lib/services.mjs';
import { createStepRecorder, runProcess } from './lib/steps.mjs';
import { ensureToolchain } from './lib/toolchain.mjs';
import { runVitest } from './lib/vitest-run.mjs';
import { runWatchedInstall } from './lib/watched-install.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const paths = { root, tools: path.join(root, '.tools') };

const USAGE = `usage: node scripts/run.mjs <demo|test|bench|soak|setup|pnpm …|node …>`;

function pnpmRunner(toolchain) {
  const [command, ...prefix] = toolchain.pnpm.command;
  return (args, options = {}) =>
    runProcess(command, [...prefix, ...args], { cwd: root, env: toolchain.env, ...options });
}

async function prepare(recorder, { matrix = false } = {}) {
  let toolchain;
  const ready = await recorder.step('toolchain', () => {
    toolchain = ensureToolchain(paths, { matrix });
    log(toolchain.describe());
  });
  if (!ready) return undefined;
  const pnpm = pnpmRunner(toolchain);
  const installed = await recorder.step('install', () => install(toolchain));
  return installed ? { toolchain, pnpm } : undefined;
}

/** `pnpm install --frozen-lockfile` under the stall watchdog; throws one clear failure. */
async function install(toolchain) {
  const [command, ...prefix] = toolchain.pnpm.command;
  const result = await runWatchedInstall(command, [...prefix, 'install', '--frozen-lockfile'], {
    cwd: root,
    env: toolchain.env,
    label: 'pnpm install',
    echo: (line) => console.log(line),
  });
  if (!result.ok) throw new Error(result.failure);
}

async function demo(demoArguments) {
  const recorder = createStepRecorder();
  const prepared = await prepare(recorder);
  if (!prepared) return finish(recorder);
  const { pnpm } = prepared;
  // `...` after the name builds the demo and every package it depends on.
  const built = await recorder.step('build', () =>
    pnpm([
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@enkash/demo...',
      '--output-logs=errors-only',
    ]),
  );
  recorder.printSummary();
  if (!built) return 1;
  console.log('');
  return pnpm(['--silent', '--filter', '@enkash/demo', 'start', ...demoArguments]);
}

function finish(recorder) {
  recorder.printSummary();
  return recorder.results.every((result) => result.ok) ? 0 : 1;
}

async function test() {
  const recorder = createStepRecorder();
  const prepared = await prepare(recorder, { matrix: true });
  if (!prepared) {
    recorder.printSummary();
    console.log('0 passed, 1 failed');
    return 1;
  }
  const { toolchain, pnpm } = prepared;
  let services = { env: {}, missing: [] };
  await recorder.step('services', () => {
    services = ensureServices(root);
  });
  // One failing package must not hide the results of the others.
  const turbo = (task, ...options) =>
    pnpm([
      'exec',
      'turbo',
      'run',
      task,
      '--continue=dependencies-successful',
      '--output-logs=errors-only',
      ...options,
    ]);
  // Every check runs even when an earlier one failed, so one run shows every problem.
  await recorder.step('lint', () => pnpm(['run', 'lint']));
  await recorder.step('typecheck', async () => {
    const packages = await turbo('typecheck');
    const scripts = await pnpm(['exec', 'tsc', '-p', 'scripts/tsconfig.json']);
    return packages || scripts;
  });
  await recorder.step('build', () => turbo('build'));
  // The only hard number in `npm test`: every product's bundle within the gzip budget.
  await recorder.step('size budget', () =>
    runProcess(toolchain.node.executable, [path.join(root, 'scripts', 'size-budget.mjs')], {
      cwd: root,
      env: toolchain.env,
    }),
  );
  await recorder.step('packaging', () => turbo('check:packaging', '--filter=./packages/*'));
  await recorder.step('docs', () => turbo('docs'));

  const totals = { passed: 0, failed: 0, skipped: 0 };
  const testEnv = {
    ...toolchain.env,
    ...services.env,
    // Browsers write crash reports and profiles under the XDG config folder: keep them here too.
    XDG_CONFIG_HOME: path.join(paths.tools, 'xdg', 'config'),
  };
  for (const [label, node] of [
    ['node22', toolchain.node22],
    ['node24', toolchain.node24],
  ]) {
    await recorder.step(`vitest on node ${node.version}`, async () => {
      const { counts } = await runVitest({ root, node: node.executable, label, env: testEnv });
      totals.passed += counts.passed;
      totals.failed += counts.failed;
      totals.skipped += counts.skipped;
      return counts.failed === 0 ? 0 : 1;
    });
  }
  // What consumers install (issue 12): the packed tarballs in projects outside the workspace and
  // the runtime matrix. Once, not per Node version: these tests start each runtime themselves.
  await recorder.step('vitest: consumers (tarballs, runtime matrix)', async () => {
    const { counts } = await runVitest({
      root,
      node: toolchain.node24.executable,
      label: 'consumers',
      env: testEnv,
      args: ['--config', 'scripts/consumers/vitest.config.ts'],
    });
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    return counts.failed === 0 ? 0 : 1;
  });
  recorder.printSummary();
  const failedChecks = recorder.results.filter(
    (result) => !result.ok && !result.name.startsWith('vitest'),
  );
  if (failedChecks.length > 0) {
    // A failed check counts as one failure, so the last line never reads "0 failed" on a red run.
    log(`failed checks (each counted as 1 failed): ${failedChecks.map((r) => r.name).join(', ')}`);
    totals.failed += failedChecks.length;
  }
  if (services.missing.length > 0) {
    log(
      `missing services (their tests skipped): ${services.missing.map((s) => s.commands[0]).join(', ')}`,
    );
  }
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return totals.failed === 0 ? 0 : 1;
}

// `pnpm bench` and `pnpm soak`: build the private bench package and what it depends on, then
// run its script with the arguments given (`pnpm soak --seconds 10`, `pnpm bench --quick`).
async function benchScript(script, scriptArguments) {
  const recorder = createStepRecorder();
  const prepared = await prepare(recorder);
  if (!prepared) return finish(recorder);
  const built = await recorder.step('build', () =>
    prepared.pnpm([
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@enkash/bench...',
      '--output-logs=errors-only',
    ]),
  );
  if (built) {
    await recorder.step(script, () =>
      prepared.pnpm(['--silent', '--filter', '@enkash/bench', 'run', script, ...scriptArguments]),
    );
  }
  return finish(recorder);
}

async function setup() {
  const recorder = createStepRecorder();
  await prepare(recorder, { matrix: true });
  return finish(recorder);
}

async function passThrough(tool, args) {
  const toolchain = ensureToolchain(paths);
  if (tool === 'node') return runProcess(toolchain.node.executable, args, { env: toolchain.env });
  const [command, ...prefix] = toolchain.pnpm.command;
  return runProcess(command, [...prefix, ...args], { env: toolchain.env });
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const started = Date.now();
  let code;
  switch (command) {
    case 'demo':
      code = await demo(rest);
      break;
    case 'test':
      code = await test();
      break;
    case 'bench':
    case 'soak':
      code = await benchScript(command, rest);
      break;
    case 'setup':
      code = await setup();
      break;
    case 'pnpm':
    case 'node':
      return passThrough(command, rest);
    default:
      console.error(USAGE);
      return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  }
  if (command !== 'test') log(`${command} finished in ${formatSeconds(Date.now() - started)}`);
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  },
);
