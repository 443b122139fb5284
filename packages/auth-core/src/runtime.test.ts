import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../test-support/definitions.js';
import { inAnotherProcess, sandboxOptions, useSandbox } from '../test-support/sandbox.js';
import { createAuth } from './create-auth.js';

const sandbox = useSandbox();

/** The runtime source files: everything but tests, benches and test support. */
function runtimeSources(directory = import.meta.dirname): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test-support' && entry.name !== 'testing')
        files.push(...runtimeSources(path));
    } else if (/\.ts$/.test(entry.name) && !/\.(test|test-d|bench)\.ts$/.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

describe('runtime-agnostic', () => {
  it('imports nothing from node: and uses no Node-only global in runtime code', () => {
    const files = runtimeSources();
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/from\s+['"]node:/);
      expect(source, file).not.toMatch(/import\(\s*['"]node:/);
      expect(source, file).not.toMatch(/\brequire\(/);
      expect(source, file).not.toMatch(/\bBuffer\b/);
      // process is only ever read through globalThis, as an optional runtime probe.
      expect(source.replace(/globals\.process\?\./g, ''), file).not.toMatch(/\bprocess\./);
    }
  });

  it("reaches node: modules only through process's getBuiltinModule, in platform-aes.ts and diagnostics-channel.ts alone", () => {
    for (const file of runtimeSources()) {
      const source = readFileSync(file, 'utf8');
      expect(/getBuiltinModule|['"]node:/.test(source), file).toBe(
        file.endsWith('platform-aes.ts') || file.endsWith('diagnostics-channel.ts'),
      );
    }
  });

  it('the contract suite for stores is kept out of the main entry', () => {
    const index = readFileSync(join(import.meta.dirname, 'index.ts'), 'utf8');
    expect(index).not.toMatch(/testing|vitest/);
  });
});

function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

describe('one auth per tenant is cheap', () => {
  it('constructing 10,000 auths starts no timer and opens no socket', () => {
    const before = resourceCounts();
    const auths = Array.from({ length: 10_000 }, (_, index) =>
      createAuth(camelDefinition, {
        ...sandboxOptions(sandbox(), 'payouts'),
        username: `tenant-${index}@example.com`,
      }),
    );
    expect(auths).toHaveLength(10_000);
    expect(resourceCounts()).toEqual(before);
  });

  it('200 tenants holding tokens keep no timer and no socket of their own', async () => {
    const baseline = resourceCounts();
    const auths = Array.from({ length: 200 }, () =>
      // Each tenant is an account of its own.
      inAnotherProcess(() => createAuth(camelDefinition, sandboxOptions(sandbox(), 'payouts'))),
    );
    for (const auth of auths) {
      await auth.getToken();
    }
    const after = resourceCounts();
    // Timers: none left behind (per-attempt timeouts are cleared or unref'd).
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(baseline.Timeout ?? 0);
    // Sockets: fetch's shared keep-alive pool, not one per tenant. The sandbox runs in this
    // process, so each pooled connection counts twice, and under load a closing connection
    // can overlap its replacement: a small bound, far below the 200 a per-tenant socket gives.
    expect((after.TCPSocketWrap ?? 0) - (baseline.TCPSocketWrap ?? 0)).toBeLessThanOrEqual(10);
    expect(sandbox().counters('payouts').tokenRequests).toBe(200);
  });
});
