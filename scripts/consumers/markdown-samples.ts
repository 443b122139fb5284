// The TypeScript blocks of the documentation a user may copy.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { publishableFolders, repositoryRoot } from './consumer-projects.js';

/** One ```ts block: where it is, and the file it becomes in a consumer project. */
export interface Sample {
  document: string;
  line: number;
  code: string;
  /** `// name.ts` on its first line names it (others import it by that name); else by line. */
  fileName: string;
  /** A vitest file (it imports vitest, or is named `*.test.ts`): run as well as compiled. */
  isTest: boolean;
}

const FILE_COMMENT = /^\/\/ ([\w.-]+\.ts)\b/;

/** The root README, every page of docs/ and every published package's README, as repository paths. */
export function documents(): string[] {
  const pages = readdirSync(path.join(repositoryRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => path.join('docs', name));
  const packageReadmes = publishableFolders()
    .map((folder) => path.relative(repositoryRoot, path.join(folder, 'README.md')))
    .filter((file) => existsSync(path.join(repositoryRoot, file)));
  return ['README.md', ...pages, ...packageReadmes].map((file) => file.split(path.sep).join('/'));
}

/** Every ```ts block of `document`. */
export function samplesOf(document: string): Sample[] {
  const text = readFileSync(path.join(repositoryRoot, document), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => {
    const code = match[1] ?? '';
    const line = text.slice(0, match.index).split('\n').length + 1;
    const named = FILE_COMMENT.exec(code)?.[1];
    const isTest = /from 'vitest'/.test(code) || named?.endsWith('.test.ts') === true;
    return {
      document,
      line,
      code,
      isTest,
      fileName: named ?? `line-${line}${isTest ? '.test' : ''}.ts`,
    };
  });
}
