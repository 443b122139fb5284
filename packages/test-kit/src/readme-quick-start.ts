import type { Sandbox, SandboxProduct } from '@enkash/sandbox';
import { expect, onTestFinished } from 'vitest';

/** The lines between the `// README <name>: begin` and `: end` markers of a test file, without their common indentation. */
export function quickStartOf(testSource: string, name = 'quick start'): string {
  const begin = `// README ${name}: begin`;
  const endMarker = `// README ${name}: end`;
  const start = testSource.indexOf(begin);
  const end = testSource.indexOf(endMarker);
  if (start === -1 || end < start) throw new Error(`no "${begin}" … "${endMarker}" region found`);
  const lines = testSource
    .slice(start + begin.length, end)
    .split('\n')
    .slice(1, -1);
  const indent = Math.min(
    ...lines.filter((line) => line.trim() !== '').map((line) => line.search(/\S/)),
  );
  return lines
    .map((line) => line.slice(indent))
    .join('\n')
    .trim();
}

/**
 * The README's first TypeScript block, import lines left out; with `name`,
 * the first block after the comment `<!-- README <name> -->`.
 */
export function readmeQuickStartOf(readme: string, name?: string): string {
  const from = name === undefined ? 0 : readme.indexOf(`<!-- README ${name} -->`);
  if (from === -1) return '';
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(from))?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => !line.startsWith('import '))
    .join('\n')
    .trim();
}

/**
 * Fails unless the README of the package that holds `testPath` shows, as its
 * first TypeScript block (imports aside), exactly the quick-start region of
 * that test file: the README cannot drift from code that is known to work.
 * With `name`, the block after `<!-- README <name> -->` must show the
 * test's `// README <name>: begin` … `end` region instead.
 */
export async function expectReadmeToShowQuickStart(testPath: string, name?: string): Promise<void> {
  // A dynamic import through a plain string keeps this entry loadable (and
  // type-checkable) where node:fs does not exist.
  const fileSystem: string = 'node:fs/promises';
  const { readFile, access } = (await import(fileSystem)) as {
    readFile(url: URL, encoding: 'utf8'): Promise<string>;
    access(url: URL): Promise<void>;
  };
  const testUrl = new URL(`file://${testPath}`);
  let packageUrl = new URL('./', testUrl);
  while (
    !(await access(new URL('package.json', packageUrl)).then(
      () => true,
      () => false,
    ))
  ) {
    const parent = new URL('../', packageUrl);
    if (parent.href === packageUrl.href) throw new Error(`no package.json above ${testPath}`);
    packageUrl = parent;
  }
  const [readme, testSource] = await Promise.all([
    readFile(new URL('README.md', packageUrl), 'utf8'),
    readFile(testUrl, 'utf8'),
  ]);
  expect(readmeQuickStartOf(readme, name)).toBe(quickStartOf(testSource, name));
}

/**
 * Starts a sandbox for the running test and points the quick starts'
 * `ENKASH_*` variables at its user for `product`; both are undone when the
 * test finishes.
 */
export async function startQuickStartSandbox(
  startSandbox: () => Promise<Sandbox>,
  product: SandboxProduct,
): Promise<Sandbox> {
  const sandbox = await startSandbox();
  onTestFinished(() => sandbox.close());
  const user = sandbox.users[product];
  const environment = (globalThis as { process?: { env: Record<string, string | undefined> } })
    .process?.env;
  if (environment === undefined) throw new Error('the README quick starts need process.env');
  const values: Record<string, string | undefined> = {
    ENKASH_BASE_URL: sandbox.baseUrl(product),
    ENKASH_CLIENT_ID: user.clientId,
    ENKASH_CLIENT_SECRET: user.clientSecret,
    ENKASH_USERNAME: user.username,
    ENKASH_PASSWORD: user.password,
    ENKASH_API_KEY: user.apiKey,
    // Any partner id will do for the sandbox's card APIs.
    ENKASH_PARTNER_ID: product === 'cards' ? 'CR0000001' : undefined,
  };
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, environment[name]]));
  const assign = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete environment[name];
      else environment[name] = value;
    }
  };
  assign(values);
  onTestFinished(() => assign(previous));
  return sandbox;
}
