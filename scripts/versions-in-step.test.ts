import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The User-Agent names src/version.ts; a release that forgot sync-versions would lie in it.
it("every package's src/version.ts matches its package.json version", () => {
  const script = fileURLToPath(new URL('./sync-versions.mjs', import.meta.url));
  const result = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  expect(result.status, result.stdout + result.stderr).toBe(0);
});
