// Runs one step (a child process or a function), prints its wall time and remembers the result,
// so the runner can print a summary of every step at the end.
import { spawn } from 'node:child_process';
import { formatSeconds, log } from './log.mjs';

/** Runs `command args` with inherited output; resolves with its exit code (never rejects). */
export function runProcess(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', (error) => {
      log(`could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Collects step results in order. */
export function createStepRecorder() {
  const results = [];
  return {
    results,
    /**
     * Runs `action` (returns an exit code, or throws) as the step `name` and records the
     * outcome. Returns true when the step succeeded.
     */
    async step(name, action) {
      log(`${name} ...`);
      const started = Date.now();
      let ok;
      let detail = '';
      try {
        const code = await action();
        ok = code === 0 || code === undefined;
        if (!ok) detail = `exit ${code}`;
      } catch (error) {
        ok = false;
        detail = error instanceof Error ? error.message : String(error);
        log(`${name}: ${detail}`);
      }
      const milliseconds = Date.now() - started;
      results.push({ name, ok, milliseconds, detail });
      log(
        `${name} ${ok ? 'ok' : `FAILED${detail ? ` (${detail})` : ''}`} in ${formatSeconds(milliseconds)}`,
      );
      return ok;
    },
    /** A table of every step with its wall time. */
    printSummary() {
      const width = Math.max(...results.map((result) => result.name.length));
      console.log('');
      log('step times:');
      for (const result of results) {
        const status = result.ok ? 'ok    ' : 'FAILED';
        console.log(
          `  ${result.name.padEnd(width)}  ${status}  ${formatSeconds(result.milliseconds).padStart(7)}`,
        );
      }
      const total = results.reduce((sum, result) => sum + result.milliseconds, 0);
      console.log(`  ${'total'.padEnd(width)}          ${formatSeconds(total).padStart(7)}`);
    },
  };
}
