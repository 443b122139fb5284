import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { nodeBinaries } from './node-versions.js';

// @enkash/auth-sqlite as npm installed it from its tarball, on Node 22 and Node 24: three
// processes on one file (sqlite/worker.mjs) against the sandbox on 127.0.0.1.

const { fresh } = inject('consumers');
const workerSource = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sqlite');
const PROCESSES = 3;
const CALLERS = 20;
/** A process that neither answers nor exits is killed: far above what one takes (well under a second). */
const PROCESS_DEADLINE_MS = 60_000;

interface SandboxLike {
  baseUrl(product: 'payouts'): string;
  users: {
    payouts: { clientId: string; clientSecret: string; username: string; password: string };
  };
  counters(product: 'payouts'): { tokenRequests: number; rejected: number; lockouts: number };
  isLocked(product: 'payouts', username: string): boolean;
  close(): Promise<void>;
}

interface WorkerResult {
  tokens: string[];
  codes: string[];
}

for (const node of nodeBinaries()) {
  describe(`@enkash/auth-sqlite from its tarball on ${node.label}`, () => {
    let sandbox: SandboxLike;
    let folder: string;
    const children = new Set<ReturnType<typeof spawn>>();

    /** Runs one worker process; resolves what it printed, once it exited by itself. */
    function runWorker(options: { password: string }): Promise<WorkerResult> {
      const { clientId, clientSecret, username } = sandbox.users.payouts;
      const config = {
        baseUrl: sandbox.baseUrl('payouts'),
        user: { clientId, clientSecret, username },
        password: options.password,
        path: path.join(folder, 'tokens.sqlite'),
        callers: CALLERS,
      };
      const child = spawn(node.executable, ['worker.mjs', JSON.stringify(config)], {
        cwd: folder,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr.on('data', (chunk) => {
        output += chunk;
      });
      const deadline = setTimeout(() => child.kill('SIGKILL'), PROCESS_DEADLINE_MS);
      return new Promise((resolve, reject) => {
        child.on('exit', (code) => {
          clearTimeout(deadline);
          children.delete(child);
          const line = output.split('\n').find((text) => text.startsWith('RESULT '));
          if (code !== 0 || line === undefined) {
            reject(new Error(`exit ${code ?? 'killed (did not end by itself)'}:\n${output}`));
          } else {
            resolve(JSON.parse(line.slice('RESULT '.length)) as WorkerResult);
          }
        });
      });
    }

    beforeAll(async () => {
      const { startSandbox } = (await import(
        pathToFileURL(
          path.join(fresh.directory, 'node_modules', '@enkash', 'sandbox', 'dist', 'index.js'),
        ).href
      )) as { startSandbox: () => Promise<SandboxLike> };
      sandbox = await startSandbox();
      // Inside the fresh project, so the worker's imports resolve to the installed tarballs.
      const parent = path.join(fresh.directory, 'sqlite');
      mkdirSync(parent, { recursive: true });
      folder = mkdtempSync(path.join(parent, `${node.label.replaceAll(/\W+/g, '-')}-`));
      cpSync(workerSource, folder, { recursive: true });
    });

    afterAll(async () => {
      for (const child of children) child.kill('SIGKILL');
      await sandbox?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it(`${PROCESSES} processes x ${CALLERS} callers on one file: 1 token request, one token`, async () => {
      const { password } = sandbox.users.payouts;
      const results = await Promise.all(
        Array.from({ length: PROCESSES }, () => runWorker({ password })),
      );
      expect(results.flatMap((result) => result.codes)).toEqual([]);
      expect(new Set(results.flatMap((result) => result.tokens)).size).toBe(1);
      expect(sandbox.counters('payouts').tokenRequests).toBe(1);
    });

    it(`a wrong password in ${PROCESSES} processes, then in ${PROCESSES} more: 2 attempts, the user never locked`, async () => {
      const before = sandbox.counters('payouts').tokenRequests;
      const password = 'wrong-password-of-the-tarball-test';
      const rounds = [];
      for (let round = 0; round < 2; round += 1) {
        rounds.push(
          await Promise.all(Array.from({ length: PROCESSES }, () => runWorker({ password }))),
        );
      }
      const codes = new Set(rounds.flat().flatMap((result) => result.codes));
      expect([...codes].every((code) => code === 'REJECTED' || code === 'LOCKOUT_GUARD')).toBe(
        true,
      );
      expect(rounds.flat().flatMap((result) => result.tokens)).toEqual([]);
      expect(sandbox.counters('payouts').tokenRequests - before).toBeLessThanOrEqual(2);
      expect(sandbox.counters('payouts').lockouts).toBe(0);
      expect(sandbox.isLocked('payouts', sandbox.users.payouts.username)).toBe(false);
    });
  });
}
