import { runCli } from './run-cli.js';

runCli(process.argv.slice(2), (text) => process.stdout.write(text)).then(
  (sandbox) => {
    if (sandbox === undefined) return;
    const stop = (): void => {
      sandbox.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: unknown) => {
    process.stderr.write(
      `@enkash/sandbox: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
