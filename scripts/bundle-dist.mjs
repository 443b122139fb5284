#!/usr/bin/env node
// A package's build step after tsc: its dist/ as one ESM module per entry of "exports", shared
// code in one chunk, dependencies left as imports (see lib/bundle-dist.mjs for why).
// Usage (a package's "build" script): node ../../scripts/clean-dist.mjs && tsc -p
// tsconfig.build.json && node ../../scripts/bundle-dist.mjs
import { bundleDist } from './lib/bundle-dist.mjs';

try {
  await bundleDist(process.cwd());
} catch (error) {
  console.error(`bundle-dist: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
