import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * Runs `work` while `processes` child processes spin the CPU: the "loaded
 * machine" case. Each child stops on its own after `maxMs` even if this
 * process dies; all are killed as soon as `work` settles.
 */
export async function withCpuLoad<T>(
  processes: number,
  maxMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const children: ChildProcess[] = [];
  try {
    for (let index = 0; index < processes; index += 1) {
      const child = spawn(
        process.execPath,
        ['-e', `const end = Date.now() + ${maxMs}; while (Date.now() < end) {}`],
        { stdio: 'ignore' },
      );
      children.push(child);
      await once(child, 'spawn');
    }
    return await work();
  } finally {
    for (const child of children) {
      if (child.exitCode === null) child.kill();
    }
  }
}
