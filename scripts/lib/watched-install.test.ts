import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isProgressLine, lastErrorOf, runWatchedInstall } from './watched-install.mjs';

// The watchdog is tested on stand-in tools (Node scripts that print, hang or write like npm
// does) and on the real npm against a local registry that never answers. The stall limits here
// are seconds, far above what a busy machine adds between two lines of a healthy tool.
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'watched-install-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** A stand-in tool: `body` runs in Node with `starts` (a file it appends a line to per start). */
function tool(body: string): { command: string; args: string[]; starts: () => number } {
  const starts = path.join(folder, 'starts');
  const script = path.join(folder, 'tool.mjs');
  writeFileSync(
    script,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(starts)}, 'start\\n');\n${body}\n`,
  );
  return {
    command: process.execPath,
    args: [script],
    starts: () => readFileSync(starts, 'utf8').split('\n').filter(Boolean).length,
  };
}

const NPM_CERT_FAILURE = [
  'npm http fetch GET https://registry.npmjs.org/is-number attempt 1 failed with SELF_SIGNED_CERT_IN_CHAIN',
  'npm error code SELF_SIGNED_CERT_IN_CHAIN',
  'npm error errno SELF_SIGNED_CERT_IN_CHAIN',
  'npm error request to https://registry.npmjs.org/is-number failed, reason: self-signed certificate in certificate chain',
  'npm error A complete log of this run can be found in: /home/user/.npm/_logs/debug-0.log',
];

describe('runWatchedInstall', () => {
  it('stops an install that shows no progress, tries twice more, then reports one failure quoting its last error', async () => {
    const hanging = tool(
      "console.log('npm http fetch GET https://registry.npmjs.org/x attempt 1 failed with ECONNRESET');\nsetInterval(() => {}, 1000);",
    );

    const result = await runWatchedInstall(hanging.command, hanging.args, {
      stallMs: 1_500,
      label: 'npm install x',
    });

    expect(result).toMatchObject({ ok: false, attempts: 3 });
    expect(hanging.starts()).toBe(3);
    expect(result.failure).toBe(
      'npm install x showed no progress for 2 s in each of 3 attempts; its last error: npm http fetch GET https://registry.npmjs.org/x attempt 1 failed with ECONNRESET',
    );
  });

  it('lets an install that keeps making progress run well past the stall limit', async () => {
    const busy = tool(
      "let n = 0;\nconst timer = setInterval(() => { console.log('npm http fetch GET 200 https://registry.npmjs.org/p' + n + ' 5ms'); if (++n === 30) clearInterval(timer); }, 100);",
    );

    const result = await runWatchedInstall(busy.command, busy.args, { stallMs: 1_500 });

    expect(result).toMatchObject({ ok: true, attempts: 1 });
    // The per-request lines drive the watchdog; a person is not shown them.
    expect(result.output).toBe('');
  });

  it('counts a download growing in the watched folder as progress', async () => {
    const watched = path.join(folder, 'tmp');
    mkdirSync(watched);
    const file = path.join(watched, 'download');
    const downloading = tool(
      `let n = 0;\nconst timer = setInterval(() => { appendFileSync(${JSON.stringify(file)}, 'x'.repeat(1024)); if (++n === 30) clearInterval(timer); }, 100);`,
    );

    const result = await runWatchedInstall(downloading.command, downloading.args, {
      stallMs: 1_500,
      watch: watched,
    });

    expect(result).toMatchObject({ ok: true, attempts: 1 });
  });

  it('does not retry a tool that failed on its own, and quotes npm’s error block once', async () => {
    const failing = tool(
      `console.error(${JSON.stringify(NPM_CERT_FAILURE.join('\n'))});\nprocess.exitCode = 1;`,
    );

    const result = await runWatchedInstall(failing.command, failing.args, {
      stallMs: 60_000,
      label: 'npm install is-number',
    });

    expect(result).toMatchObject({ ok: false, code: 1, attempts: 1 });
    expect(failing.starts()).toBe(1);
    expect(result.failure).toBe(
      'npm install is-number failed (exit 1); its last error: SELF_SIGNED_CERT_IN_CHAIN: request to https://registry.npmjs.org/is-number failed, reason: self-signed certificate in certificate chain',
    );
  });
});

describe('real npm against a registry that never answers', () => {
  let registry: Server | undefined;
  const sockets = new Set<Socket>();
  let requests = 0;

  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => registry?.close(resolve) ?? resolve(undefined));
    registry = undefined;
  });

  it('is stopped by the watchdog and reported once, instead of retrying in silence', async () => {
    registry = createServer(() => {
      requests += 1; // and never answers
    });
    registry.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => registry?.listen(0, '127.0.0.1', resolve));
    const { port } = registry.address() as AddressInfo;
    const project = path.join(folder, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), '{"name":"p","private":true}\n');
    appendFileSync(path.join(project, '.npmrc'), `registry=http://127.0.0.1:${port}/\n`);

    const result = await runWatchedInstall(
      'npm',
      ['install', 'is-number', '--loglevel=http', '--no-audit', '--no-fund', '--logs-max=0'],
      {
        cwd: project,
        env: { ...process.env, npm_config_cache: path.join(folder, 'cache') },
        stallMs: 3_000,
        retries: 1,
        label: 'npm install is-number',
      },
    );

    expect(result).toMatchObject({ ok: false, attempts: 2 });
    expect(result.failure).toMatch(
      /^npm install is-number showed no progress for 3 s in each of 2 attempts; its last error: /,
    );
    expect(requests).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('reading the output', () => {
  it('takes npm’s per-request successes and pnpm’s progress as progress, failures not', () => {
    expect(isProgressLine('npm http fetch GET 200 https://registry.npmjs.org/ky 31ms')).toBe(true);
    expect(isProgressLine('Progress: resolved 12, reused 12, downloaded 0, added 0')).toBe(true);
    expect(isProgressLine(NPM_CERT_FAILURE[0] ?? '')).toBe(false);
    expect(isProgressLine('npm error code E404')).toBe(false);
    expect(
      isProgressLine(
        ' WARN  GET https://registry.npmjs.org/ky error (ECONNRESET). Will retry in 10 seconds. 2 retries left.',
      ),
    ).toBe(false);
    expect(isProgressLine('')).toBe(false);
  });

  it('quotes the last npm error block by its code and reason, else the last failure line', () => {
    expect(lastErrorOf(NPM_CERT_FAILURE)).toBe(
      'SELF_SIGNED_CERT_IN_CHAIN: request to https://registry.npmjs.org/is-number failed, reason: self-signed certificate in certificate chain',
    );
    expect(
      lastErrorOf([' ERR_PNPM_META_FETCH_FAIL  GET https://registry.npmjs.org/ky: ECONNRESET']),
    ).toBe('ERR_PNPM_META_FETCH_FAIL  GET https://registry.npmjs.org/ky: ECONNRESET');
    expect(lastErrorOf(['added 1 package in 2s'])).toBe('');
  });
});
