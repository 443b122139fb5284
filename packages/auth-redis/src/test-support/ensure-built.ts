import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

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
 * The fleet workers load this package from `dist/`, as an application would.
 * Rebuilds it when any shipped source file is newer than the build, so a
 * test run never exercises stale code.
 */
export async function ensureBuilt(): Promise<void> {
  const sources = await newest(join(packageRoot, 'src'), isShipped);
  const built = await newest(join(packageRoot, 'dist'), (path) => path.endsWith('.js')).catch(
    () => 0,
  );
  if (built >= sources) {
    return;
  }
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: packageRoot,
  });
}
