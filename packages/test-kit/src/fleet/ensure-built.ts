import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';

async function newest(directory: string, include: (name: string) => boolean): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && include(join(entry.parentPath, entry.name))) {
      latest = Math.max(latest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
    }
  }
  return latest;
}

const isShipped = (path: string) =>
  path.endsWith('.ts') &&
  !path.endsWith('.test.ts') &&
  !path.endsWith('.test-d.ts') &&
  !path.endsWith('.bench.ts') &&
  !path.includes('test-support');

/**
 * Fleet workers load a package from its `dist/`, as an application would.
 * Rebuilds the package in `packageRoot` (its `tsconfig.build.json`) when any
 * shipped source file is newer than the build, so a test run never exercises
 * stale code. Bounded by `timeoutMs`.
 */
export async function ensureBuilt(packageRoot: string, timeoutMs = 120_000): Promise<void> {
  const sources = await newest(join(packageRoot, 'src'), isShipped);
  const built = await newest(join(packageRoot, 'dist'), (path) => path.endsWith('.js')).catch(
    () => 0,
  );
  if (built >= sources) {
    return;
  }
  const tsc = createRequire(join(packageRoot, 'package.json')).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: packageRoot,
    timeout: timeoutMs,
  });
}
