import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where the Chromium binary is expected, and what is missing when it is not there. */
export interface ChromiumLocation {
  executable: string;
  /** Set when there is no binary: names exactly what is missing and how to get it. */
  missing: string | undefined;
}

/**
 * Finds Chromium: `CHROMIUM_BIN` (the test command exports it when it finds or
 * installs one), else Debian's `/usr/bin/chromium`. Nothing is downloaded.
 */
export function findChromium(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): ChromiumLocation {
  const fromEnvironment = environment.CHROMIUM_BIN;
  const executable =
    fromEnvironment === undefined || fromEnvironment === '' ? '/usr/bin/chromium' : fromEnvironment;
  if (existsSync(executable)) return { executable, missing: undefined };
  const missing =
    executable === fromEnvironment
      ? `CHROMIUM_BIN is ${executable}, which does not exist`
      : `no Chromium binary at ${executable} (install it with apt-get install -y chromium, or set CHROMIUM_BIN)`;
  return { executable, missing };
}

/**
 * Flags for a quiet, headless Chromium in a container: no sandbox (it needs
 * user namespaces), no GPU, and nothing that reaches out to the network on its own.
 */
export const CHROMIUM_ARGUMENTS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** A launched Chromium with one page; `close()` also removes its profile folder. */
export interface ChromiumSession {
  readonly page: Page;
  close(): Promise<void>;
}

/** Launches Chromium through playwright-core with a fresh, throwaway user-data-dir. */
export async function launchChromium(executable: string): Promise<ChromiumSession> {
  const profile = mkdtempSync(join(tmpdir(), 'enkash-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: executable,
      headless: true,
      args: [...CHROMIUM_ARGUMENTS],
      timeout: 15_000,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
