import { isEnkashAuthError } from '@enkash/auth-core';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import { describeWithoutText } from './describe-without-text.js';
import { readEnvFile } from './env-file.js';
import { printIntro } from './intro.js';
import { redactText } from './mask.js';
import { detectOutputMode } from './output/output-mode.js';
import { createTerminal } from './output/terminal.js';
import { PRODUCT_NAMES } from './products.js';
import { readSettings, type Settings } from './settings.js';
import { SettingsError } from './settings-error.js';
import { STEPS } from './steps/index.js';
import { printSummary } from './summary.js';
import { createRealTarget } from './targets/real-target.js';
import { createSandboxTarget } from './targets/sandbox-target.js';
import { secretsOf, type Target } from './targets/target.js';
import { type ProductResult, walkThrough } from './walkthrough.js';

/** Exit codes: 0 every check held, 1 a check or the run failed, 2 the settings are unusable. */
const EXIT = { ok: 0, failed: 1, settings: 2 } as const;

function loadSettings(): Settings {
  // `pnpm demo` runs in apps/demo; INIT_CWD is where the user typed the command.
  const directories = [process.cwd(), process.env.INIT_CWD].filter(
    (directory): directory is string => directory !== undefined && directory !== '',
  );
  return readSettings(process.env, readEnvFile(directories)?.values);
}

async function run(settings: Settings): Promise<number> {
  const terminal = createTerminal(process.stdout, detectOutputMode(process.stdout, process.env));
  const started = performance.now();
  let sandbox: Sandbox | undefined;
  let targets: Target[];
  if (settings.mode === 'sandbox') {
    const embedded = await startSandbox();
    sandbox = embedded;
    targets = PRODUCT_NAMES.map((name) => createSandboxTarget(embedded, name));
  } else {
    targets = [createRealTarget(settings)];
  }
  try {
    printIntro(terminal, targets);
    const results: ProductResult[] = [];
    for (const target of targets) results.push(await walkThrough(target, STEPS, terminal));
    printSummary(terminal, STEPS, results, performance.now() - started);
    return results.every((result) => result.ok) ? EXIT.ok : EXIT.failed;
  } finally {
    await sandbox?.close();
  }
}

async function main(): Promise<number> {
  let settings: Settings;
  try {
    settings = loadSettings();
  } catch (error) {
    const message = error instanceof SettingsError ? error.message : `Cannot read .env: ${error}`;
    console.error(`demo: ${message}`);
    console.error(
      '.env.example at the repository root lists every ENKASH_* setting and what it holds.',
    );
    return EXIT.settings;
  }
  const secrets = settings.mode === 'real' ? secretsOf(settings) : [];
  try {
    return await run(settings);
  } catch (error) {
    if (isEnkashAuthError(error) && error.code === 'CONFIG') {
      console.error(`demo: the settings were refused: ${redactText(error.message, secrets)}`);
      return EXIT.settings;
    }
    // In real mode a message may quote what the server said: the code alone is printed.
    const text =
      settings.mode === 'real'
        ? describeWithoutText(error)
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    console.error(`demo failed: ${redactText(text, secrets)}`);
    return EXIT.failed;
  }
}

// `demo | head` closes the pipe early: stop quietly, as other command-line tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.ok);
});

process.exitCode = await main();
