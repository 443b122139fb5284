import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { machineEnvironment } from './machine-npm-config.mjs';

// A newcomer runs `npm test` or `npm run demo` from a plain login shell. When the machine's Node
// is older than 22, the scripts run the machine's npm and pnpm under a Node fetched into
// `.tools/`, where npm would look for its global npmrc under `.tools/` and miss the machine's
// (`cafile`, proxy, registry mirror: behind a TLS-intercepting proxy, every fetch then fails).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const paths = { root, tools: path.join(root, '.tools') };
const runner = path.join(root, 'scripts', 'run.mjs');
// Each child (npm, or Node starting pnpm) is given this long; a test's limit is its children's
// deadlines end to end, plus slack, so a loaded machine slows it without failing it.
const CHILD_DEADLINE_MS = 60_000;
const limitFor = (children: number) => children * CHILD_DEADLINE_MS + 10_000;

/** A plain environment, as `env -i HOME=… PATH=…` gives: no CA variables, no npm settings. */
function plainEnvironment(): NodeJS.ProcessEnv {
  const { PATH } = machineEnvironment(process.env, paths);
  return { HOME: os.homedir(), PATH };
}

/** `npm config get <names>` as the machine's own npm answers in a plain environment. */
function machineAnswer(names: readonly string[]): string {
  const result = spawnSync('npm', ['config', 'get', ...names], {
    env: plainEnvironment(),
    encoding: 'utf8',
    cwd: os.tmpdir(),
    timeout: CHILD_DEADLINE_MS,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim();
}

/** `node scripts/run.mjs <args>` from a plain environment, with the machine's `node`. */
function throughRunner(args: readonly string[]): string {
  const result = spawnSync('node', [runner, ...args], {
    env: plainEnvironment(),
    encoding: 'utf8',
    cwd: os.tmpdir(),
    timeout: CHILD_DEADLINE_MS,
  });
  expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  return result.stdout.trim();
}

// `null` is npm's word for an unset value, `undefined` pnpm's.
const unsetAsNull = (text: string) => text.replaceAll(/^undefined$/gm, 'null');

describe('every npm and pnpm the scripts start reads the npm configuration the machine’s npm reads', () => {
  it('npm under the repository’s Node reads the machine npm’s global and user npmrc', {
    timeout: limitFor(2),
  }, () => {
    const names = ['globalconfig', 'userconfig', 'cafile', 'registry'];
    const expected = machineAnswer(names);
    // `run.mjs node` gives its child the scripts' environment, with `.tools/bin` first on PATH:
    // a nested `npm` there runs under the repository's Node, as the consumer tests run it.
    const nested = throughRunner([
      'node',
      '-e',
      `const { spawnSync } = require('node:child_process');
       const answer = spawnSync('npm', ['config', 'get', ...${JSON.stringify(names)}], { encoding: 'utf8' });
       process.stdout.write(answer.stdout);`,
    ]);
    expect(nested).toBe(expected);
  });

  it('pnpm, as `npm run demo` runs it, reads the same CA file and registry', {
    timeout: limitFor(4),
  }, () => {
    const expected = ['cafile', 'registry'].map((name) => machineAnswer([name]));
    const pnpm = ['cafile', 'registry'].map((name) =>
      unsetAsNull(throughRunner(['pnpm', 'config', 'get', name])),
    );
    expect(pnpm).toEqual(expected);
  });

  it('leaves the `.tools/` entries out of the PATH it asks the machine’s npm with', () => {
    const tools = paths.tools;
    const { PATH } = machineEnvironment(
      {
        PATH: [path.join(tools, 'bin'), path.join(tools, 'node-24', 'bin'), '/usr/bin'].join(
          path.delimiter,
        ),
      },
      paths,
    );
    expect(PATH).toBe('/usr/bin');
    expect(existsSync(runner)).toBe(true);
  });
});
