import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { browserEntryOf } from './browser-page.js';

/** Node-only globals: a runtime-agnostic module refers to none of them. */
const NODE_GLOBALS = new Set([
  'process',
  'Buffer',
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'global',
  'setImmediate',
]);

/** What one JavaScript module refers to: its import specifiers and any Node-only global. */
export interface ModuleFacts {
  specifiers: string[];
  nodeGlobals: string[];
}

/** Whether an identifier is a property name (`x.process`, `{ process: 1 }`) rather than a reference. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isClassElement(parent) && parent.name === node) ||
    (ts.isMethodDeclaration(parent) && parent.name === node) ||
    (ts.isGetAccessor(parent) && parent.name === node) ||
    (ts.isSetAccessor(parent) && parent.name === node)
  );
}

/**
 * Parses a module (comments and strings do not count, so a comment saying
 * "another process" is fine) and lists its static and dynamic import
 * specifiers and every free reference to a Node-only global.
 */
export function moduleFacts(file: string, text = readFileSync(file, 'utf8')): ModuleFacts {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const facts: ModuleFacts = { specifiers: [], nodeGlobals: [] };
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      facts.specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      facts.specifiers.push(
        argument !== undefined && ts.isStringLiteral(argument) ? argument.text : '<computed>',
      );
    } else if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text) && !isPropertyName(node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      facts.nodeGlobals.push(`${node.text} (line ${line + 1})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return facts;
}

/** One module of the graph and what it refers to. */
export interface GraphModule extends ModuleFacts {
  file: string;
}

/**
 * Every module a browser loads from `entry`: relative imports are followed,
 * and a bare package name found in `packagesFolder` is followed into that
 * package's browser ESM entry. Anything else (`node:fs`, `fs`, a subpath) is
 * only listed in its module's `specifiers`, for the caller to judge.
 */
export function moduleGraph(entry: string, packagesFolder: string): GraphModule[] {
  const seen = new Map<string, GraphModule>();
  const pending = [realpathSync(entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    const facts = moduleFacts(file);
    seen.set(file, { file, ...facts });
    for (const specifier of facts.specifiers) {
      if (specifier.startsWith('./') || specifier.startsWith('../')) {
        pending.push(realpathSync(resolve(dirname(file), specifier)));
      } else if (/^(@[\w.-]+\/)?[\w.-]+$/.test(specifier)) {
        const folder = join(packagesFolder, specifier);
        if (existsSync(join(folder, 'package.json'))) {
          const directory = realpathSync(folder);
          pending.push(join(directory, browserEntryOf(directory)));
        }
      }
    }
  }
  return [...seen.values()];
}
