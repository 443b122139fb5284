#!/usr/bin/env node
// Empties a package's `dist/` before `tsc` writes it again. tsc never deletes the output of a
// source file that was moved or removed, and `pnpm pack` would publish that stale file.
// Usage (a package's "build" script): node ../../scripts/clean-dist.mjs && tsc -p tsconfig.build.json
import { rmSync } from 'node:fs';
import path from 'node:path';

rmSync(path.resolve(process.cwd(), 'dist'), { recursive: true, force: true });
