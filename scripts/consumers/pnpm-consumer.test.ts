import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { run, runAsync, runProjectVitest } from './consumer-projects.js';
import { samplesOf } from './markdown-samples.js';
import { nodeBinaries } from './node-versions.js';

// npm hoists every dependency to the top of node_modules, so a project installed with npm can
// import packages it never declared (ky, @enkash/auth-core) and a missing dependency goes
// unseen. pnpm's node_modules holds what the project declares and nothing else: here the README
// quick start and the guide's test sample must compile and run with @enkash/payouts and
// @enkash/sandbox alone.
const { pnpm } = inject('consumers');
const [node24] = nodeBinaries().slice(-1);
const node = node24?.executable ?? process.execPath;
const project = pnpm.directory;
const samples = path.join(project, 'samples');

interface SandboxLike {
  url: string;
  baseUrl(product: 'payouts'): string;
  users: {
    payouts: { clientId: string; clientSecret: string; username: string; password: string };
  };
  counters(product: 'payouts'): { tokenRequests: number };
  requests(product: 'payouts'): Array<{ endpoint: string; outcome: string }>;
  close(): Promise<void>;
}

/** The README's quick start, and the guide's sandbox test suite, as a user would paste them. */
function documentedSamples(): Record<string, string> {
  const quickStart = samplesOf('README.md')[0];
  const payments = samplesOf('docs/guide.md').find(
    (sample) => sample.fileName === 'payments.test.ts',
  );
  if (quickStart === undefined || payments === undefined) {
    throw new Error('the README quick start or the guide payments.test.ts sample is missing');
  }
  return { 'quick-start.ts': quickStart.code, 'payments.test.ts': payments.code };
}

let sandbox: SandboxLike | undefined;

beforeAll(async () => {
  mkdirSync(samples, { recursive: true });
  for (const [name, code] of Object.entries(documentedSamples())) {
    writeFileSync(path.join(samples, name), code);
  }
  writeFileSync(
    path.join(samples, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        // The packages' own declarations are checked with skipLibCheck false by install.test.ts.
        skipLibCheck: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'ES2023',
        lib: ['ES2023'],
        types: ['node'],
        outDir: 'build',
      },
      include: ['*.ts'],
    }),
  );
  if (!pnpm.install.ok) return;
  const { startSandbox } = (await import(
    pathToFileURL(path.join(project, 'node_modules', '@enkash', 'sandbox', 'dist', 'index.js')).href
  )) as { startSandbox: () => Promise<SandboxLike> };
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

function runningSandbox(): SandboxLike {
  if (sandbox === undefined) throw new Error('the pnpm project did not install: no sandbox');
  return sandbox;
}

describe('a pnpm project (strict node_modules) with @enkash/payouts and @enkash/sandbox', () => {
  it('installs the tarballs with pnpm', () => {
    expect(pnpm.install.ok, pnpm.install.output).toBe(true);
  });

  it('resolves only what it declares: not @enkash/auth-core, not ky', () => {
    const modules = path.join(project, 'node_modules');
    expect(existsSync(path.join(modules, '@enkash', 'payouts', 'package.json'))).toBe(true);
    expect(existsSync(path.join(modules, '@enkash', 'auth-core'))).toBe(false);
    expect(existsSync(path.join(modules, 'ky'))).toBe(false);
    const probe = run(node, ['--input-type=module', '-e', "await import('ky')"], { cwd: project });
    expect(probe.output).toContain('ERR_MODULE_NOT_FOUND');
  });

  it('compiles the README quick start and the guide test sample strictly', () => {
    const tsc = path.join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = run(node, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: samples });
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('runs the README quick start against the sandbox: a token, then a decrypted API answer', async () => {
    const target = runningSandbox();
    const user = target.users.payouts;
    // Not spawnSync: the sandbox answers from this process.
    const result = await runAsync(node, [path.join('build', 'quick-start.js')], {
      cwd: samples,
      env: {
        ...process.env,
        ENKASH_BASE_URL: target.baseUrl('payouts'),
        ENKASH_CLIENT_ID: user.clientId,
        ENKASH_CLIENT_SECRET: user.clientSecret,
        ENKASH_USERNAME: user.username,
        ENKASH_PASSWORD: user.password,
      },
    });
    expect(result.ok, result.output).toBe(true);
    expect(target.counters('payouts').tokenRequests).toBe(1);
    expect(target.requests('payouts').map((entry) => [entry.endpoint, entry.outcome])).toEqual([
      ['token', 'issued'],
      ['api', 'ok'],
    ]);
  });

  it("runs the guide's test sample with the project's own vitest, every case passing", () => {
    // The sample itself, not the copy tsc emitted into build/.
    const { outcome, report } = runProjectVitest(node, project, samples, ['payments.test.ts']);
    expect(report, outcome.output).toBeDefined();
    expect(report?.numTotalTests).toBeGreaterThanOrEqual(5);
    expect(report?.numPassedTests).toBe(report?.numTotalTests);
    expect(outcome.ok, outcome.output).toBe(true);
  });

  it('catches what auth.client throws with HTTPError and isHTTPError from @enkash/payouts', async () => {
    const target = runningSandbox();
    const script = [
      "import { createPayoutsAuth, HTTPError, isHTTPError } from '@enkash/payouts';",
      `const auth = createPayoutsAuth({ baseUrl: ${JSON.stringify(target.baseUrl('payouts'))}, ...${JSON.stringify(target.users.payouts)} });`,
      "const error = await auth.client.get('no-such-api').then(() => undefined, (caught) => caught);",
      'console.log(JSON.stringify([error instanceof HTTPError, isHTTPError(error), error?.response?.status]));',
    ].join('\n');
    writeFileSync(path.join(project, 'http-error.mjs'), script);
    const result = await runAsync(node, ['http-error.mjs'], { cwd: project });
    expect(result.ok, result.output).toBe(true);
    expect(JSON.parse(result.output.trim())).toEqual([true, true, 404]);
  });
});
