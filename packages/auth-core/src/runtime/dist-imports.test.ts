import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_DEPENDENCIES, DIST_ENTRY, PACKAGE_ROOT } from '../../test-support/browser-page.js';
import { moduleFacts, moduleGraph } from '../../test-support/module-graph.js';

// Behaviour 11, statically, on what npm ships: every module the main entry
// loads (the core's dist and its dependencies) imports no Node module and
// refers to no Node-only global. Runs without a browser; the Chromium test
// proves the same files actually run.
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

describe('the built main entry is runtime-agnostic', () => {
  it('finds the build (run `pnpm --filter @enkash/auth-core build` first)', () => {
    expect(
      existsSync(DIST_ENTRY),
      `${DIST_ENTRY} is missing: run \`pnpm --filter @enkash/auth-core build\``,
    ).toBe(true);
  });

  it.runIf(existsSync(DIST_ENTRY))(
    'no module reachable from dist/index.js imports node: or uses a Node-only global',
    () => {
      const graph = moduleGraph(DIST_ENTRY, join(PACKAGE_ROOT, 'node_modules'));
      const core = graph.filter((module) => module.file.startsWith(join(PACKAGE_ROOT, 'dist')));
      const dependencies = graph.filter((module) => !core.includes(module));
      // The walk really followed the graph: the core (one bundle and its shared chunk) and both dependencies.
      expect(core.length).toBeGreaterThanOrEqual(1);
      for (const name of CORE_DEPENDENCIES) {
        expect(
          dependencies.some((module) => module.file.includes(`/${name}/`)),
          `${name} was loaded`,
        ).toBe(true);
      }
      expect(core.some((module) => module.file.includes(`${join('dist', 'testing')}`))).toBe(false);

      const problems: string[] = [];
      for (const module of graph) {
        const where = relative(PACKAGE_ROOT, module.file);
        const ownPackage = core.includes(module);
        for (const specifier of module.specifiers) {
          if (NODE_BUILTINS.has(specifier) || specifier.startsWith('node:')) {
            problems.push(`${where} imports ${specifier}`);
          } else if (
            !isRelative(specifier) &&
            !(ownPackage && CORE_DEPENDENCIES.includes(specifier))
          ) {
            problems.push(`${where} imports ${specifier}, which is not a declared dependency`);
          }
        }
        for (const global of module.nodeGlobals) problems.push(`${where} uses ${global}`);
      }
      expect(problems).toEqual([]);
    },
  );

  it('the scan sees through comments and strings, and catches real uses', () => {
    const sample = [
      "import { createHash } from 'node:crypto';",
      "import { readFileSync } from 'fs';",
      "export { shared } from './relative.js';",
      '// another process (HTTP 401) may hold the Buffer; require() nothing here',
      "const text = 'process.env and Buffer.from and require(x) in a string';",
      'const probe = globalThis.process?.versions, options = { process: 1, Buffer: 2 };',
      "const later = () => import('node:path');",
      'process.exit(1);',
      "Buffer.from('x');",
      "require('x');",
    ].join('\n');
    const facts = moduleFacts('sample.js', sample);
    expect(facts.specifiers).toEqual(['node:crypto', 'fs', './relative.js', 'node:path']);
    expect(facts.nodeGlobals).toEqual(['process (line 8)', 'Buffer (line 9)', 'require (line 10)']);
  });
});
