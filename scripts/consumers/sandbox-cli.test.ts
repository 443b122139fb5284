import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { installEnvironment, run } from './consumer-projects.js';

// The documented command, `npx @enkash/sandbox`, run in a project that installed the tarball.
// `--offline`: npx must take the installed package, never look a name up on the registry.
const { fresh } = inject('consumers');
const npx = ['--offline', '@enkash/sandbox'];
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  child = undefined;
});

/** Resolves with the first stdout text matching `pattern`, or rejects with all output on exit. */
function waitForOutput(started: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match !== null) resolve(match);
    };
    started.stdout?.on('data', look);
    started.stderr?.on('data', look);
    started.on('exit', (code) => reject(new Error(`exited ${code} before printing:\n${output}`)));
  });
}

describe('npx @enkash/sandbox, from the installed tarball', () => {
  it('prints the usage under its scoped name', () => {
    const result = run('npx', [...npx, '--help'], {
      cwd: fresh.directory,
      env: installEnvironment(),
    });
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/^Usage: npx @enkash\/sandbox \[--port N\]/m);
  });

  it('serves the sandbox on a free port until it is stopped', async () => {
    child = spawn('npx', [...npx, '--port', '0'], {
      cwd: fresh.directory,
      env: installEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: stopping it stops the sandbox npx started.
      detached: true,
    });
    const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const ping = await fetch(`${url}/payouts/api/ping`);
    expect(ping.status).toBe(401);
    expect(await ping.json()).toMatchObject({ error: 'invalid_token' });
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    await exited;
  });
});
