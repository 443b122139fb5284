import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The core was reshaped so that one idea fits in one small file (issue 23): these limits keep a
// later change from growing a file or a function back past what a reader can hold at once.
const LONGEST_FILE_LINES = 250;
const LONGEST_FUNCTION_LINES = 80;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const coreSource = path.join(root, 'packages', 'auth-core', 'src');

/** The core's non-test source files, relative to its src/. */
function sourceFiles(): string[] {
  return readdirSync(coreSource, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !/\.(test|test-d|bench)\.ts$/.test(file))
    .sort();
}

/** Every function-like node of a file's text longer than the limit, as `file:name lines`. */
function longFunctions(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line;
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const lines = lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1;
      if (lines > LONGEST_FUNCTION_LINES) {
        const name = node.name?.getText(source) ?? '(anonymous)';
        found.push(`${file}:${name} ${lines} lines`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the core stays in small pieces', () => {
  it(`has no source file over ${LONGEST_FILE_LINES} lines`, () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(40);
    const long = files
      .map((file) => ({
        file,
        lines: readFileSync(path.join(coreSource, file), 'utf8').split('\n').length,
      }))
      .filter(({ lines }) => lines > LONGEST_FILE_LINES)
      .map(({ file, lines }) => `${file} ${lines} lines`);
    expect(long).toEqual([]);
  });

  it(`has no function over ${LONGEST_FUNCTION_LINES} lines`, () => {
    const long = sourceFiles().flatMap((file) =>
      longFunctions(file, readFileSync(path.join(coreSource, file), 'utf8')),
    );
    expect(long).toEqual([]);
  });

  it('finds a function over the limit, nested or not, and lets one at the limit be', () => {
    const lines = (count: number) =>
      Array.from({ length: count }, (_, index) => `  call(${index});`);
    const atLimit = ['function fits() {', ...lines(LONGEST_FUNCTION_LINES - 2), '}'];
    const over = [
      'const outer = () => {',
      '  const inner = function () {',
      ...lines(80),
      '  };',
      '};',
    ];
    expect(longFunctions('x.ts', [...atLimit, ...over].join('\n'))).toEqual([
      'x.ts:(anonymous) 84 lines',
      'x.ts:(anonymous) 82 lines',
    ]);
  });
});
