import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_USERS, type Sandbox, startSandbox } from '@enkash/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCT_NAMES, PRODUCTS } from './products.js';

// The demo as a newcomer runs it: the BUILT dist/main.js in a child process.
const demoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mainFile = path.join(demoRoot, 'dist', 'main.js');
let workDirectory: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The parent's environment without anything that would switch the demo's mode or colours. */
function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(ENKASH_|INIT_CWD$|NO_COLOR$|FORCE_COLOR$)/.test(name)) environment[name] = value;
  }
  return { ...environment, ...extra };
}

function runDemo(extra: Record<string, string> = {}, cwd = workDirectory): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [mainFile],
      // The whole walkthrough of five products takes 50-55 s on a shared 2-core machine (a token
      // request a second at most, three worker processes a product); the hook allows 120 s.
      { cwd, env: cleanEnvironment(extra), timeout: 100_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Every secret of the sandbox's demo users, raw and as the Basic header value. */
const DEMO_SECRETS = Object.values(DEMO_USERS).flatMap((user) => [
  user.password,
  user.clientSecret,
  ...(user.apiKey === undefined ? [] : [user.apiKey]),
  Buffer.from(`${user.clientId}:${user.clientSecret}`).toString('base64'),
]);
/** Sandbox tokens are 192 random bits in base64url: 32 characters. */
const TOKEN_SHAPE = /[A-Za-z0-9_-]{32}/;

function expectNoSecrets(output: string, secrets: readonly string[] = DEMO_SECRETS): void {
  for (const secret of secrets) expect(output).not.toContain(secret);
  expect(output).not.toMatch(TOKEN_SHAPE);
}

beforeAll(() => {
  // Build first, so the test never runs a stale dist.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: demoRoot });
  workDirectory = mkdtempSync(path.join(tmpdir(), 'enkash-demo-run-'));
});

afterAll(() => {
  rmSync(workDirectory, { recursive: true, force: true });
});

describe('the demo without configuration', () => {
  let run: Run;

  beforeAll(async () => {
    run = await runDemo();
  });

  it('exits 0 and says all checks passed', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/All checks passed in [\d.]+ m?s\./);
  });

  it('walks through each of the five products', () => {
    for (const name of PRODUCT_NAMES) {
      const product = PRODUCTS[name];
      expect(run.stdout).toContain(`${product.title}  ${product.packageName}`);
      expect(run.stdout).toContain(`POST /${name}/oauth/token`);
      expect(run.stdout).toContain(`GET /${name}/api/ping`);
    }
  });

  it('shows masked wire requests, single-flight, refresh ahead, the lockout guard and one host of processes', () => {
    const count = (text: string) => run.stdout.split(text).length - 1;
    expect(count('authorization: Basic [redacted]')).toBe(5);
    expect(count('password=[redacted]')).toBe(5);
    expect(count('authorization: Bearer [redacted]')).toBe(5);
    expect(count('1000 callers -> 1 token request')).toBe(5);
    expect(count('cached getToken() calls')).toBe(5);
    expect(count('(none waited)')).toBe(5);
    expect(count('REJECTED, REJECTED, LOCKOUT_GUARD (the last one sent no request)')).toBe(5);
    expect(count('isLocked false')).toBe(5);
    expect(
      count(
        '3 processes x 50 callers on one SQLite file -> 1 token request; all got the same token',
      ),
    ).toBe(5);
    expect(
      run.stdout.match(
        /wrong password in 3 processes, twice each -> [12] token requests? \((LOCKOUT_GUARD, )?REJECTED\); the account is not locked/g,
      ),
    ).toHaveLength(5);
    expect(run.stdout).toContain('api-key: [redacted]');
    expect(run.stdout).toContain('cookie: JSESSIONID=[redacted]');
  });

  it('prints the events an auth heard and a metrics snapshot for each product', () => {
    const count = (text: string) => run.stdout.split(text).length - 1;
    expect(
      count(
        'events the first auth heard, caused by another auth of the account: token-request (outcome transient, status 503, code HTTP, attempt 1); retry (status 503, code HTTP, attempt 1); token-request (outcome token, attempt 2); token',
      ),
    ).toBe(5);
    expect(count('metrics (@enkash/auth-otel, in-memory reader):')).toBe(5);
    expect(
      count('enkash.auth.token_requests {enkash.outcome=transient} 1, {enkash.outcome=token} 1'),
    ).toBe(5);
    expect(
      count(
        'enkash.auth.token_request.duration {enkash.outcome=transient} count 1, {enkash.outcome=token} count 1',
      ),
    ).toBe(5);
    expect(count('enkash.auth.retries 1\n')).toBe(5);
    // Expense's absolute expiry is read against the second-precise Date header: 299 or 300 s.
    expect(run.stdout.match(/enkash\.auth\.token\.time_to_expiry (?:299|300) s\n/g)).toHaveLength(
      5,
    );
  });

  it('ends with a summary table of every product', () => {
    const summary = run.stdout.slice(run.stdout.indexOf('Summary'));
    expect(summary).toMatch(/product +token +wire +lifetime +cached call +1000 callers/);
    for (const name of PRODUCT_NAMES) {
      // payouts, cards and rewards encrypt their API payloads; bbps and expense send them in clear.
      const encrypted = ['payouts', 'cards', 'rewards'].includes(name) ? 'round trip' : 'clear';
      // Expense's absolute expiry is read against the second-precise Date header: 299 or 300 s.
      const lifetime = name === 'expense' ? '(?:299|300) s' : '300 s';
      expect(summary).toMatch(
        new RegExp(
          `\\n  ${name} +ok +masked +${lifetime} +.+ +1 request +200 +${encrypted} +no wait +stopped at 2 +1 request, stopped at [12] +4 events`,
        ),
      );
    }
  });

  it('prints plain text when piped: no ANSI codes, no progress line', () => {
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toContain('\r');
  });

  it('never prints a password, client secret, API key, Basic value or token', () => {
    expectNoSecrets(run.stdout);
  });
});

describe('the demo piped into a reader that stops early (| head)', () => {
  it('ends quietly with exit code 0', async () => {
    const child = spawn(process.execPath, [mainFile], {
      cwd: workDirectory,
      env: cleanEnvironment({}),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Close the pipe after the first output, as `head -1` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('the demo with real settings', () => {
  let sandbox: Sandbox;
  const user = DEMO_USERS.payouts;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  function settingsFor(password: string): Record<string, string> {
    return {
      ENKASH_PRODUCT: 'payouts',
      ENKASH_BASE_URL: sandbox.baseUrl('payouts'),
      ENKASH_CLIENT_ID: user.clientId,
      ENKASH_CLIENT_SECRET: user.clientSecret,
      ENKASH_USERNAME: user.username,
      ENKASH_PASSWORD: password,
    };
  }

  it('walks one product through the steps a real environment allows, printing no value', async () => {
    sandbox.reset();
    const run = await runDemo(settingsFor(user.password));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Real mode: Payouts at');
    expect(run.stdout).toContain('1000 callers -> 1 token request (counted on the wire)');
    expect(run.stdout).toContain('skipped: a wrong password is never tried against a real account');
    expect(run.stdout).toContain('username=[redacted]&password=[redacted]');
    expect(run.stdout).toContain('clientId=[redacted]');
    // First token, the forced request the cache is compared with, the 1000 callers' one.
    expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 3, rejected: 0 });
    expectNoSecrets(run.stdout + run.stderr, [...DEMO_SECRETS, user.username, user.clientId]);
  });

  it('prints no identifier nor any text of the server when EnKash refuses, even one that echoes them', async () => {
    const echoed: string[] = [];
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const said = `User ${user.username} of client ${user.clientId} is not known`;
        echoed.push(said);
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'invalid_grant', error_description: said }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await runDemo({
        ...settingsFor(user.password),
        ENKASH_BASE_URL: `http://127.0.0.1:${port}/payouts`,
      });
      expect(run.code).toBe(1);
      expect(echoed).toHaveLength(1);
      expect(run.stdout).toContain('failed: REJECTED (HTTP 401)');
      expectNoSecrets(run.stdout + run.stderr, [
        ...DEMO_SECRETS,
        user.username,
        user.clientId,
        'is not known',
        'invalid_grant',
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('stops with exit code 1 and one request when EnKash rejects the credentials', async () => {
    sandbox.reset();
    const run = await runDemo(settingsFor('not-the-password'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('failed: REJECTED');
    expect(run.stdout).toContain('Checks failed for payouts');
    expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 1, rejected: 1 });
    expect(sandbox.isLocked('payouts', user.username)).toBe(false);
    expectNoSecrets(run.stdout + run.stderr, [...DEMO_SECRETS, 'not-the-password']);
  });

  it('names the missing settings and exits 2 when only ENKASH_PRODUCT is set', async () => {
    const run = await runDemo({ ENKASH_PRODUCT: 'payouts' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    for (const name of [
      'ENKASH_BASE_URL',
      'ENKASH_CLIENT_ID',
      'ENKASH_CLIENT_SECRET',
      'ENKASH_USERNAME',
      'ENKASH_PASSWORD',
    ]) {
      expect(run.stderr).toContain(`${name}: missing`);
    }
  });

  it('reads a .env file in the current directory without printing its values', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'enkash-demo-dotenv-'));
    try {
      writeFileSync(
        path.join(folder, '.env'),
        'ENKASH_PRODUCT=rewards\nENKASH_CLIENT_SECRET=dotenv-secret-value\nENKASH_BASE_URL=http://remote.example.com\n',
      );
      const run = await runDemo({}, folder);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('ENKASH_PASSWORD: missing');
      expect(run.stderr).toContain('ENKASH_BASE_URL: must use https');
      expect(run.stderr).not.toContain('ENKASH_CLIENT_SECRET:');
      expect(run.stderr).not.toContain('dotenv-secret-value');
      expect(run.stderr).not.toContain('remote.example.com');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
